package io.custos.shared;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Append-only files of one record per line outside the database (the audit checkpoint file, the
 * destruction journal): a line counts only with its line feed, so what a crash, a full disk or a
 * power cut leaves behind is a last line without one, which is cut off before anything is appended
 * or read. Whole lines are never touched.
 */
public final class LineFiles {

    private LineFiles() {
    }

    /** Whether the file is empty or ends with a whole line. */
    public static boolean endsWithWholeLine(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return true;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, size - 1);
        return last.get(0) == '\n';
    }

    /** Cuts off a last line that has no line feed; returns the bytes removed (0 for no file). */
    public static long cutTornTail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return cutTornTail(channel);
        }
    }

    /** The same on an open channel, which must be readable and writable. */
    public static long cutTornTail(FileChannel channel) throws IOException {
        long size = channel.size();
        if (endsWithWholeLine(channel)) {
            return 0;
        }
        long keep = 0;
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        long end = size;
        search:
        while (end > 0) {
            long start = Math.max(0, end - chunk.capacity());
            chunk.clear().limit((int) (end - start));
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, start + chunk.position()) < 0) {
                    break;
                }
            }
            for (int i = chunk.position() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    keep = start + i + 1;
                    break search;
                }
            }
            end = start;
        }
        channel.truncate(keep);
        channel.force(true);
        return size - keep;
    }

    /**
     * Writes whole lines at {@code at} (the end of the file's whole lines) and forces them to disk. A
     * write that fails part way (a full disk) is taken back, so a retry writes whole lines again and
     * nothing is ever appended onto half a line.
     */
    public static void appendWhole(FileChannel channel, long at, byte[] lines) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(lines);
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes, at + bytes.position());
            }
            channel.force(true);
        } catch (IOException e) {
            try {
                channel.truncate(at);
                channel.force(true);
            } catch (IOException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
    }
}
