package dev.candor.verifier.report;

import java.util.ArrayList;
import java.util.List;

/** What a verification found, collected as it goes: checks that held, failures, and warnings. */
final class Findings {

    final List<String> passed = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    void pass(String line) {
        passed.add(line);
    }

    void fail(String line) {
        failures.add(line);
    }

    void warn(String line) {
        warnings.add(line);
    }

    /** Fails {@code what} unless {@code holds}; returns {@code holds}. */
    boolean require(boolean holds, String what) {
        if (!holds) {
            failures.add(what);
        }
        return holds;
    }
}
