package dev.candor.stack.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the machine while a load runs, for stalls no service causes: every 2 ms it writes 4 KB to a file on the
 * database's file system and waits for {@code fdatasync} (what each commit waits for), and it measures how late a
 * 1 ms sleep wakes up (the VM's scheduling). When a benchmark's tail is set by these, its numbers say so.
 */
final class StallProbe implements AutoCloseable {

    /** What the probe saw. Milliseconds. */
    record Seen(int flushes, double flushP99, double flushMax, int flushesOver20ms, double oversleepMax,
                int oversleepsOver5ms) {

        String cells() {
            return String.format("%.1f ms / %.0f ms (%d over 20 ms) | %.0f ms (%d over 5 ms)", flushP99, flushMax,
                    flushesOver20ms, oversleepMax, oversleepsOver5ms);
        }
    }

    private final Path file;
    private final Thread thread;
    private volatile boolean running = true;
    private final long[] flushes = new long[200_000];
    private int count;
    private long oversleepMax;
    private int oversleeps;

    StallProbe(Path directory) throws IOException {
        this.file = Files.createTempFile(directory, "stall-probe", ".bin");
        this.thread = new Thread(this::run, "stall-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        ByteBuffer block = ByteBuffer.allocate(4096);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            while (running && count < flushes.length) {
                block.clear();
                long start = System.nanoTime();
                channel.write(block, (count % 256) * 4096L);
                channel.force(false);
                flushes[count++] = System.nanoTime() - start;
                long before = System.nanoTime();
                LockSupport.parkNanos(1_000_000);
                long late = System.nanoTime() - before - 1_000_000;
                oversleepMax = Math.max(oversleepMax, late);
                if (late > 5_000_000) {
                    oversleeps++;
                }
                LockSupport.parkNanos(1_000_000);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the stall probe could not write " + file, e);
        }
    }

    /** Stops the probe and says what it saw. */
    Seen stop() throws InterruptedException {
        running = false;
        thread.join();
        long[] sorted = Arrays.copyOf(flushes, count);
        Arrays.sort(sorted);
        int over = 0;
        for (long f : sorted) {
            if (f > 20_000_000) {
                over++;
            }
        }
        return new Seen(count, count == 0 ? Double.NaN : sorted[(int) Math.ceil(0.99 * count) - 1] / 1e6,
                count == 0 ? Double.NaN : sorted[count - 1] / 1e6, over, oversleepMax / 1e6, oversleeps);
    }

    @Override
    public void close() throws IOException {
        running = false;
        Files.deleteIfExists(file);
    }
}
