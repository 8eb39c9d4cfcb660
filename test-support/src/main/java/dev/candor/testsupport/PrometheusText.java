package dev.candor.testsupport;

import java.util.Arrays;

/**
 * Reads one sample out of a Prometheus text exposition ({@code /q/metrics}): the value of the series with the given
 * name whose labels include every {@code label=value} pair given; 0 when there is no such series yet.
 */
public final class PrometheusText {

    private PrometheusText() {
    }

    public static double value(String exposition, String name, String... labels) {
        return exposition.lines()
                .filter(line -> !line.startsWith("#"))
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(pair -> {
                    String[] kv = pair.split("=", 2);
                    return line.contains(kv[0] + "=\"" + kv[1] + "\"");
                }))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** How much a series grew between two expositions. */
    public static double delta(String before, String after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }
}
