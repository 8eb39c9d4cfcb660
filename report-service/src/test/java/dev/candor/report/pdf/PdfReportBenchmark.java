package dev.candor.report.pdf;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;

import java.io.ByteArrayOutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times rendering and signing a patient's PDF report with many disclosures (issue 5: 10,000 rows in at most 3 s),
 * without Quarkus or HTTP: what {@link PdfReports#render} does. Run it in a JVM limited to 256 MB of heap:
 * <pre>
 * ./mvnw -B -ntp -pl report-service -am test-compile -Pbench-pdf [-Dbench.rows=10000] [-Dbench.runs=5]
 * </pre>
 * Arguments: rows (10000), timed runs after one cold run (5), output directory (target/bench), where the last PDF
 * and the signer's certificate are written.
 */
public final class PdfReportBenchmark {

    private PdfReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path out = Path.of(args.length > 2 ? args[2] : "target/bench");
        Files.createDirectories(out);

        long t = System.nanoTime();
        PdfReportContent content = SampleReports.alice(rows, 42);
        double contentMs = ms(t);
        PdfSigningKeys keys = PdfSigningKeys.selfSigned("Candor report signer (benchmark)", Duration.ofDays(30));
        PdfReportWriter writer = new PdfReportWriter();
        PdfReportSigner signer = keys.signer();

        System.out.printf(Locale.ROOT, "PDF report benchmark: %,d rows, %d cores, max heap %d MB, Java %s%n", rows,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "content built in %.0f ms (not counted)%n", contentMs);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> totals = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        byte[] last = null;
        for (int run = 0; run <= runs; run++) {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long gcStart = gcMillis();
            ByteArrayOutputStream unsigned = new ByteArrayOutputStream(1 << 20);
            writer.write(content, unsigned);
            double writeMs = ms(start);
            long signStart = System.nanoTime();
            ByteArrayOutputStream signed = new ByteArrayOutputStream(unsigned.size() + 65536);
            signer.sign(unsigned.toByteArray(), Instant.now(), signed);
            double signMs = ms(signStart);
            double total = ms(start);
            double cpuMs = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
            long gcMs = gcMillis() - gcStart;
            last = signed.toByteArray();
            System.out.printf(Locale.ROOT, "%s: write %6.0f ms + sign %5.0f ms = %6.0f ms wall"
                            + " (CPU of this thread %5.0f ms, GC %4d ms), %,d bytes%n",
                    run == 0 ? "cold run " : "run " + run + "    ", writeMs, signMs, total, cpuMs, gcMs, last.length);
            if (run > 0) {
                totals.add(total);
                cpu.add(cpuMs);
            }
        }
        int pages;
        try (PDDocument doc = Loader.loadPDF(last)) {
            pages = doc.getNumberOfPages();
        }
        totals.sort(null);
        cpu.sort(null);
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        Path pdf = out.resolve("report-" + rows + ".pdf");
        Files.write(pdf, last);
        Files.writeString(out.resolve("signer.pem"), keys.certificatePem(), StandardCharsets.US_ASCII);
        System.out.printf(Locale.ROOT, "%d pages; warm median %.0f ms, min %.0f ms, max %.0f ms (target <= 3000 ms)%n",
                pages, totals.isEmpty() ? 0 : totals.get(totals.size() / 2), totals.isEmpty() ? 0 : totals.get(0),
                totals.isEmpty() ? 0 : totals.get(totals.size() - 1));
        System.out.printf(Locale.ROOT, "warm median CPU %.0f ms (wall time on a shared machine includes waiting for a core)%n",
                cpu.isEmpty() ? 0 : cpu.get(cpu.size() / 2));
        System.out.printf(Locale.ROOT, "peak heap used (sum of pools' peaks): %d MB%n", peakHeap >> 20);
        System.out.println("wrote " + pdf + " and " + out.resolve("signer.pem"));
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }
}
