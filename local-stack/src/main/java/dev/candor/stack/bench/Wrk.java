package dev.candor.stack.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (the established HTTP load tool) and reads its summary: throughput, latency percentiles, errors. */
final class Wrk {

    /** What one wrk run measured. Latencies in milliseconds. */
    record Result(double requestsPerSecond, double p50, double p90, double p99, long requests, long non2xx,
                  long socketErrors, String raw) {
    }

    private Wrk() {
    }

    static Result run(String url, int connections, int seconds, Path script, Map<String, String> env)
            throws IOException, InterruptedException {
        return run(url, 2, connections, seconds, script, env);
    }

    /** With {@code threads} wrk threads (at most {@code connections}: one connection needs one thread). */
    static Result run(String url, int threads, int connections, int seconds, Path script, Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + Math.min(threads, connections),
                "-c" + connections, "-d" + seconds + "s",
                "--timeout", "10s", "--latency", "-s", script.toString(), url));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process wrk = builder.start();
        String out = new String(wrk.getInputStream().readAllBytes());
        if (wrk.waitFor() != 0) {
            throw new IOException("wrk failed:\n" + out);
        }
        return new Result(number(out, "Requests/sec:\\s+([\\d.]+)"), latency(out, "50%"), latency(out, "90%"),
                latency(out, "99%"), (long) number(out, "(\\d+) requests in"),
                (long) number(out, "Non-2xx or 3xx responses: (\\d+)"), socketErrors(out), out);
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static long socketErrors(String out) {
        Matcher m = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
                .matcher(out);
        if (!m.find()) {
            return 0;
        }
        return Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)) + Long.parseLong(m.group(3))
                + Long.parseLong(m.group(4));
    }

    private static double latency(String out, String percentile) {
        Matcher m = Pattern.compile("\\s" + percentile + "\\s+([\\d.]+)(us|ms|s)").matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
