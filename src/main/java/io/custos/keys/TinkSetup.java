package io.custos.keys;

import java.security.GeneralSecurityException;

import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.signature.SignatureConfig;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;

/** Registers the Tink primitives Custos uses, once per JVM. */
final class TinkSetup {

    private static volatile boolean registered;

    private TinkSetup() {
    }

    static void register() {
        if (registered) {
            return;
        }
        synchronized (TinkSetup.class) {
            try {
                AeadConfig.register();
                SignatureConfig.register();
                PrfConfig.register();
                MacConfig.register();
                StreamingAeadConfig.register();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Tink cannot register its primitives", e);
            }
            registered = true;
        }
    }
}
