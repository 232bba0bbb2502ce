package io.custos.sharing;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The cost of an export package file (issue 15.5): an agile-encrypted, watermarked workbook of N
 * customers (default 10,000; eight columns of realistic length), written to nowhere, timed over a
 * few rounds after warm-up, with the peak heap the JVM reached. Run in its own JVM with a small heap
 * ({@code bench/run.sh --export-package}, or by hand:
 * {@code java -Xmx256m -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * io.custos.sharing.PackageWorkbookBench 10000}), so the peak says whether the file is built in
 * bounded memory. The access decisions, decryption and audit events of a real download are not in
 * it: their cost per value is the reveal core's (RevealCoreBenchmark).
 */
public final class PackageWorkbookBench {

    private PackageWorkbookBench() {
    }

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> headers = List.of("Company name", "Contact person", "Phone", "E-mail", "City", "Address",
                "Industry", "Notes");
        List<List<String>> rows = new ArrayList<>(customers);
        for (int i = 0; i < customers; i++) {
            rows.add(List.of("示例贸易有限公司 Example Trading Co. " + i, "王小明 " + i,
                    "+86 139 " + String.format("%04d %04d", i / 10_000, i % 10_000), "buyer" + i + "@example.cn",
                    "上海", "浦东新区世纪大道 " + i + " 号 Room " + (i % 900 + 100), "Machinery", "Quarterly order"));
        }
        build(rows, headers); // warm-up
        build(rows, headers);
        resetPeaks();
        long best = Long.MAX_VALUE;
        long total = 0;
        long bytes = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            bytes = build(rows, headers);
            long took = System.nanoTime() - start;
            best = Math.min(best, took);
            total += took;
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("export-package.customers=%d%n", customers);
        System.out.printf("export-package.best.ms=%.1f%n", best / 1e6);
        System.out.printf("export-package.mean.ms=%.1f%n", total / 1e6 / rounds);
        System.out.printf("export-package.file.kb=%d%n", bytes / 1024);
        System.out.printf("export-package.peak-heap.mb=%.1f%n", peak / 1024.0 / 1024.0);
        System.out.printf("export-package.max-heap.mb=%.1f%n", Runtime.getRuntime().maxMemory() / 1024.0 / 1024.0);
    }

    private static long build(List<List<String>> rows, List<String> headers) throws Exception {
        CountingStream out = new CountingStream();
        PackageWorkbook.Watermark watermark = new PackageWorkbook.Watermark("刘洋 (liu.yang), 销售一部",
                "Package " + UUID.randomUUID(), "2026-12-04T20:00:00+08:00", ExportPasswords.code());
        try (PackageWorkbook book = new PackageWorkbook(watermark, headers)) {
            for (List<String> row : rows) {
                book.row(new ArrayList<>(row));
            }
            book.encryptTo(ExportPasswords.generate(), out);
        }
        return out.count;
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
