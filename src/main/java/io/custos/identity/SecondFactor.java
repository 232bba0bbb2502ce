package io.custos.identity;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalLong;

import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;

import org.apache.commons.codec.binary.Base32;
import org.springframework.stereotype.Component;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;

/**
 * RFC 6238 time-based one-time passwords (30 s steps, 6 digits, HMAC-SHA1: what every
 * authenticator app speaks), computed by java-otp. A code is accepted for the current step and one
 * step either side, and each step only once.
 */
@Component
class SecondFactor {

    static final Duration STEP = Duration.ofSeconds(30);
    private static final String ISSUER = "Custos";

    private final TimeBasedOneTimePasswordGenerator totp;
    private final SecureRandom random = new SecureRandom();
    private final Base32 base32 = new Base32();

    SecondFactor() {
        try {
            this.totp = new TimeBasedOneTimePasswordGenerator(STEP, 6, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
        } catch (Exception e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    String newSecret() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return base32.encodeToString(bytes).replace("=", "");
    }

    /** @return the matched time step, or empty when the code is wrong for every step in the window */
    OptionalLong match(String base32Secret, String code, Instant now) {
        if (code == null || !code.matches("\\d{6}")) {
            return OptionalLong.empty();
        }
        int submitted = Integer.parseInt(code);
        Key key = key(base32Secret);
        long current = now.getEpochSecond() / STEP.getSeconds();
        for (long step = current - 1; step <= current + 1; step++) {
            if (codeAt(key, step) == submitted) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    /** The code an authenticator shows at {@code at}; tests and the demo use it. */
    String codeAt(String base32Secret, Instant at) {
        return String.format("%06d", codeAt(key(base32Secret), at.getEpochSecond() / STEP.getSeconds()));
    }

    String provisioningUri(String username, String base32Secret) {
        String label = encode(ISSUER) + ":" + encode(username);
        return "otpauth://totp/" + label + "?secret=" + base32Secret + "&issuer=" + ISSUER
                + "&algorithm=SHA1&digits=6&period=" + STEP.getSeconds();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The provisioning URI as a PNG QR code, inlined as a data URI (no request leaves the page). */
    String qrCodeDataUri(String provisioningUri) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(provisioningUri, BarcodeFormat.QR_CODE, 240, 240,
                    Map.of(EncodeHintType.MARGIN, 2));
            BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
            for (int x = 0; x < matrix.getWidth(); x++) {
                for (int y = 0; y < matrix.getHeight(); y++) {
                    image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
                }
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
        } catch (WriterException e) {
            throw new IllegalStateException("QR code could not be drawn", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int codeAt(Key key, long step) {
        try {
            return totp.generateOneTimePassword(key, Instant.ofEpochSecond(step * STEP.getSeconds()));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("TOTP key rejected", e);
        }
    }

    private Key key(String base32Secret) {
        return new SecretKeySpec(base32.decode(base32Secret), totp.getAlgorithm());
    }
}
