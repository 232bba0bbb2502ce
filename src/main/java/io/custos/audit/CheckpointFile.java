package io.custos.audit;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checkpoint file: one JSON object per line, appended and forced to disk, never rewritten. A
 * line is complete only with its newline: a write cut short is taken back at once when possible, and
 * otherwise cut off at the next start ({@link #cutTornTail}); nothing is ever appended onto it.
 * It lives outside the database, so someone who rewrites the database cannot also rewrite what
 * this file says the chain looked like. Parsing is strict: anything but the exact shape is
 * {@link Malformed}, including a last line cut off without its newline.
 */
final class CheckpointFile {

    static final int MAX_LINE = 2048;
    /** How every line {@link #format} writes begins. */
    private static final String LINE_START = "{\"chain\":";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> FIELDS = Set.of("chain", "checkpoint", "seq", "hash", "at", "signature");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CheckpointFile() {
    }

    /** A line of the file is not a checkpoint; the file has been damaged or tampered with. */
    static final class Malformed extends Exception {
        private final long line;

        Malformed(long line, String reason) {
            super("line " + line + ": " + reason);
            this.line = line;
        }

        long line() {
            return line;
        }
    }

    static void append(Path file, Checkpoint checkpoint) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                long size = channel.size();
                if (!io.custos.shared.LineFiles.endsWithWholeLine(channel)) {
                    throw new IOException("the last line is cut off; it must be repaired before anything is appended");
                }
                // A full disk may take part of the line: it is taken back, so the retry writes a whole line.
                io.custos.shared.LineFiles.appendWhole(channel, size,
                        (format(checkpoint) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the checkpoint file " + file, e);
        }
    }

    /**
     * Cuts off a last line that has no end: what a write interrupted by a full disk, a crash or a
     * power cut leaves behind (issue 13.8). Whole lines are never touched, so a checkpoint once
     * written stays; the checkpoint whose line was cut is still in the database and is written again
     * whole. Returns the number of bytes removed, 0 when the file ends with a complete line.
     */
    static long cutTornTail(Path file) throws IOException {
        return io.custos.shared.LineFiles.cutTornTail(file);
    }

    /**
     * Repairs what earlier versions left after a full disk: a cut-off line with the next checkpoint
     * written onto its end, which no parser can read. Such a line is a fragment that starts like a
     * checkpoint followed by a whole checkpoint; the fragment's checkpoint is the one written again
     * right after it, so dropping the fragment loses nothing. The damaged file is kept beside the new
     * one ({@code .damaged-<millis>}), and the new one replaces it in one move. Returns the number of
     * fragments removed; a file with any other damage is left as it is, for verification to report.
     */
    static int dropGluedFragments(Path file, long nowMillis) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            return 0;
        }
        List<String> repaired = new ArrayList<>(lines.size());
        int dropped = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            try {
                parseLine(line, i + 1);
                repaired.add(line);
                continue;
            } catch (Malformed notWhole) {
                // Perhaps a fragment with a whole line written onto it.
            }
            int start = line.lastIndexOf(LINE_START);
            if (!line.startsWith(LINE_START) || start <= 0) {
                return 0;
            }
            try {
                parseLine(line.substring(start), i + 1);
            } catch (Malformed otherDamage) {
                return 0;
            }
            repaired.add(line.substring(start));
            dropped++;
        }
        if (dropped == 0) {
            return 0;
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.copy(file, file.resolveSibling(file.getFileName() + ".damaged-" + nowMillis));
        Path next = Files.createTempFile(parent, file.getFileName().toString(), ".repair");
        try (FileChannel channel = FileChannel.open(next, StandardOpenOption.WRITE)) {
            ByteBuffer content = ByteBuffer.wrap((String.join("\n", repaired) + "\n").getBytes(StandardCharsets.UTF_8));
            while (content.hasRemaining()) {
                channel.write(content);
            }
            channel.force(true);
        }
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return dropped;
    }

    static String format(Checkpoint c) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("chain", c.chain());
        line.put("checkpoint", c.number());
        line.put("seq", c.eventSeq());
        line.put("hash", c.eventHash());
        line.put("at", c.at().toString());
        line.put("signature", c.signature());
        return JSON.writeValueAsString(line);
    }

    static Checkpoint parseLine(String text, long lineNumber) throws Malformed {
        if (text.length() > MAX_LINE) {
            throw new Malformed(lineNumber, "longer than " + MAX_LINE + " characters");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new Malformed(lineNumber, "not JSON");
        }
        if (node == null || !node.isObject() || node.size() != FIELDS.size()) {
            throw new Malformed(lineNumber, "not a checkpoint object");
        }
        for (String field : FIELDS) {
            if (!node.has(field)) {
                throw new Malformed(lineNumber, "missing " + field);
            }
        }
        String chain = text(node, "chain", lineNumber);
        if (!AuditDetails.NAME.matcher(chain).matches()) {
            throw new Malformed(lineNumber, "bad chain name");
        }
        long number = positive(node, "checkpoint", lineNumber);
        long seq = positive(node, "seq", lineNumber);
        String hash = text(node, "hash", lineNumber);
        if (!HASH.matcher(hash).matches()) {
            throw new Malformed(lineNumber, "bad hash");
        }
        Instant at;
        try {
            at = Instant.parse(text(node, "at", lineNumber));
        } catch (DateTimeParseException e) {
            throw new Malformed(lineNumber, "bad time");
        }
        String signature = text(node, "signature", lineNumber);
        try {
            if (signature.isEmpty() || signature.length() > 512 || Base64.getDecoder().decode(signature).length == 0) {
                throw new Malformed(lineNumber, "bad signature encoding");
            }
        } catch (IllegalArgumentException e) {
            throw new Malformed(lineNumber, "bad signature encoding");
        }
        return new Checkpoint(chain, number, seq, hash, at, signature);
    }

    private static String text(JsonNode node, String field, long line) throws Malformed {
        JsonNode value = node.get(field);
        if (!value.isString()) {
            throw new Malformed(line, field + " is not a string");
        }
        return value.asString();
    }

    private static long positive(JsonNode node, String field, long line) throws Malformed {
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1) {
            throw new Malformed(line, field + " is not a positive whole number");
        }
        return value.asLong();
    }

    /** Reads the checkpoints of one chain in file order; lines of other chains are checked and skipped. */
    static final class Reader implements Closeable {
        private final BufferedReader lines;
        private final String chain;
        private long lineNumber;
        private boolean endsWithNewline;

        Reader(InputStream in, String chain, boolean endsWithNewline) {
            this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
            this.chain = chain;
            this.endsWithNewline = endsWithNewline;
        }

        static Reader open(Path file, String chain) throws IOException {
            boolean endsWithNewline = true;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                if (channel.size() > 0) {
                    ByteBuffer last = ByteBuffer.allocate(1);
                    channel.read(last, channel.size() - 1);
                    endsWithNewline = last.get(0) == '\n';
                }
            }
            return new Reader(Files.newInputStream(file), chain, endsWithNewline);
        }

        /** The next checkpoint of the chain, or null at the end of the file. */
        @Nullable
        Checkpoint next() throws Malformed {
            while (true) {
                String line;
                try {
                    line = lines.readLine();
                } catch (CharacterCodingException e) {
                    throw new Malformed(lineNumber + 1, "not UTF-8");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (line == null) {
                    return null;
                }
                lineNumber++;
                if (!endsWithNewline && peekEnd()) {
                    throw new Malformed(lineNumber, "cut off: the last line has no end");
                }
                Checkpoint checkpoint = parseLine(line, lineNumber);
                if (checkpoint.chain().equals(chain)) {
                    return checkpoint;
                }
            }
        }

        private boolean peekEnd() {
            try {
                lines.mark(1);
                boolean end = lines.read() == -1;
                lines.reset();
                return end;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
