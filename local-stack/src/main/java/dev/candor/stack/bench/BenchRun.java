package dev.candor.stack.bench;

import dev.candor.devinfra.ManagedProcess;
import dev.candor.stack.LocalStack;
import dev.candor.stack.StackSettings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every benchmark of the stack shares: a fresh work directory, the whole stack on its own ports, the wrk
 * scripts, process sampling (RSS, CPU time) and a report written as it is printed.
 */
final class BenchRun implements AutoCloseable {

    final Path work;
    final LocalStack stack;
    /** Where the results file goes: local-stack/target/bench, wherever the stack's data lives. */
    private final Path results;
    private final StringBuilder report = new StringBuilder();

    private BenchRun(Path work, Path results, LocalStack stack) {
        this.work = work;
        this.results = results;
        this.stack = stack;
    }

    /** Starts the stack with ports from {@code portBase} (+80 gateway, +81…+83 services, +180 Keycloak). */
    static BenchRun start(String name, int portBase) throws Exception {
        return start(name, portBase, Map.of());
    }

    /** The same, with extra environment for the services (e.g. limits the load must not hit). */
    static BenchRun start(String name, int portBase, Map<String, String> environment) throws Exception {
        Path repository = Path.of(System.getProperty("candor.repo", ".")).toAbsolutePath().normalize();
        Path results = repository.resolve("local-stack/target/bench");
        // bench.home (BENCH_HOME) puts the stack's data elsewhere, e.g. on a tmpfs for a control run that takes the
        // disk's flush stalls out of the picture; the machine line then says where it was and on what file system.
        String home = System.getProperty("bench.home", "");
        Path work = home.isBlank() ? results.resolve(name)
                : Path.of(home).toAbsolutePath().normalize().resolve("candor-bench-" + name);
        // bench.reuse keeps an earlier run's data (e.g. a million-entry log) for experiments on it
        if (!Boolean.getBoolean("bench.reuse")) {
            deleteRecursively(work);
        }
        Files.createDirectories(work);
        Path zip;
        try (var files = Files.list(repository.resolve("local-stack/target/dist"))) {
            zip = files.filter(p -> p.getFileName().toString().endsWith(".zip")).findFirst().orElseThrow();
        }
        StackSettings settings = new StackSettings(repository, work.resolve("stack"), zip, portBase + 80,
                portBase + 81, portBase + 82, portBase + 83, portBase + 180, portBase + 1180, 0, environment);
        LocalStack stack = new LocalStack(settings);
        try {
            stack.start();
            if (!"tmpfs".equals(Files.getFileStore(work).type())) {
                // Measure a database in service, not a fresh one (see EmbeddedPostgresServer.preallocateWal).
                stack.postgres().preallocateWal(WAL_PREALLOCATED);
            }
        } catch (Exception e) {
            stack.close();
            throw e;
        }
        return new BenchRun(work, results, stack);
    }

    /** WAL segments made ready for reuse before the first load: as much as the stack's min_wal_size keeps. */
    static final long WAL_PREALLOCATED = 3L << 30;

    /**
     * A checkpoint before a measured load (before its warm-up): the WAL of the loads before it becomes segments for
     * reuse, so the load does not create new ones — as a database in service, checkpointing every few minutes, does
     * not. The full-page images that follow every checkpoint stay in the measurement, as they do in service.
     */
    void recycleWal() throws java.sql.SQLException {
        stack.postgres().checkpoint();
    }

    ManagedProcess process(String name) {
        return stack.processes().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** A wrk script from the class path's bench/ folder, copied where wrk can read it. */
    Path script(String name) throws IOException {
        Path target = work.resolve(name);
        try (InputStream in = BenchRun.class.getResourceAsStream("/bench/" + name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel()
                + "; PostgreSQL 17 embedded, fsync=on, synchronous_commit=on, shared_buffers 256 MB, max_wal_size 4 GB,"
                + " min_wal_size 3 GB (on disk: 3 GB of WAL segments ready for reuse before the first load);"
                + " its data on " + fileSystem() + "; the load generated on the same machine";
    }

    /** The file system the stack's data is on: {@code tmpfs} marks a control run (no disk behind its flushes). */
    private String fileSystem() {
        try {
            return Files.getFileStore(work).type() + " (" + work + ")";
        } catch (IOException e) {
            return "an unknown file system (" + work + ")";
        }
    }

    void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }

    /** Where a results file goes: local-stack/target/bench, wherever the stack's data lives. */
    Path resultsFile(String fileName) {
        return results.resolve(fileName);
    }

    void write(String fileName) throws IOException {
        Path file = resultsFile(fileName);
        Files.writeString(file, report);
        System.out.println("\nWritten to " + file);
    }

    @Override
    public void close() {
        stack.close();
    }

    /** Samples a process's resident set every 250 ms while {@code running}; keeps the peak in KiB. */
    static Thread sampleRss(long pid, AtomicBoolean running, AtomicLong maxKb) {
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                try {
                    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                        if (l.startsWith("VmRSS:")) {
                            maxKb.accumulateAndGet(Long.parseLong(l.replaceAll("\\D", "")), Math::max);
                        }
                    }
                    Thread.sleep(250);
                } catch (Exception e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.start();
        return sampler;
    }

    /** CPU seconds (user + system) a process and its children that were waited for have used so far. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime, stime, cutime, cstime are fields 14-17 of stat; after the ")" they start at index 11.
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
            return ticks / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A warm-up load: runs for the given seconds. */
    interface Load {
        void run(int seconds) throws Exception;
    }

    /**
     * Warms the services up until their JIT compilers have settled: rounds of {@code seconds} of load until the
     * compiler threads of {@code pids} used under 3 % of a round's time (at most 8 rounds). On two cores C2 alone
     * takes tens of CPU seconds after a start; measured while it runs, a service looks slower than it is.
     *
     * @return what was done, for the report
     */
    static String warmUntilJitSettles(Load load, int seconds, long... pids) throws Exception {
        double before = 0;
        for (long pid : pids) {
            before += jitCpuSeconds(pid);
        }
        for (int round = 1; ; round++) {
            load.run(seconds);
            double after = 0;
            for (long pid : pids) {
                after += jitCpuSeconds(pid);
            }
            double used = after - before;
            before = after;
            if (used < 0.03 * seconds || round == 8) {
                return String.format("warmed up %d × %d s, until the JIT compilers used %.1f s of CPU in the last"
                        + " round", round, seconds, used);
            }
        }
    }

    /** CPU seconds a JVM's JIT compiler threads have used. */
    static double jitCpuSeconds(long pid) {
        double total = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith("C")
                            && Files.readString(task.resolve("comm")).contains("Compiler")) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
                    }
                } catch (IOException | RuntimeException ignored) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    /** CPU seconds used by every PostgreSQL process (the postmaster's children are not waited for while running). */
    static double postgresCpuSeconds() {
        double total = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String comm = Files.readString(p.resolve("comm")).strip();
                    if (comm.equals("postgres")) {
                        total += cpuSeconds(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException ignored) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return total;
    }

    /**
     * Waits until PostgreSQL has had no autovacuum worker for {@code quietSeconds} (longer than the launcher's one
     * minute nap, so a pause between two tables does not count), at most {@code maxSeconds}; says how long it took.
     * After a fill of a million rows autovacuum reads the new tables for minutes, beside whatever is measured.
     */
    static String awaitAutovacuumQuiet(int quietSeconds, int maxSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long quietSince = start;
        while (true) {
            long now = System.nanoTime();
            if (autovacuumRunning()) {
                quietSince = now;
            } else if (now - quietSince >= quietSeconds * 1_000_000_000L) {
                return String.format("autovacuum quiet for %d s, %.0f s after the fill", quietSeconds,
                        (now - start) / 1e9);
            }
            if (now - start >= maxSeconds * 1_000_000_000L) {
                return String.format("autovacuum still running after %d s: measured anyway", maxSeconds);
            }
            Thread.sleep(1000);
        }
    }

    /** Whether a PostgreSQL autovacuum worker is running (its process title says so). */
    static boolean autovacuumRunning() {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readString(p.resolve("comm")).strip().equals("postgres")
                            && Files.readString(p.resolve("cmdline")).contains("autovacuum worker")) {
                        return true;
                    }
                } catch (IOException | RuntimeException ignored) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (Files.exists(path)) {
            try (var walk = Files.walk(path)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
