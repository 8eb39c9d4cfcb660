package dev.candor.verifier.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Minimal argument parsing: positional arguments and repeatable {@code --option value} pairs. */
final class Args {

    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();

    private Args() {
    }

    /** Parses args; every option must be in {@code known} and take a value ("--opt value" or "--opt=value"). */
    static Args parse(List<String> args, Set<String> known) throws UsageException {
        Args parsed = new Args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--")) {
                String name = arg;
                String value;
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("option " + arg + " needs a value");
                }
                if (!known.contains(name)) {
                    throw new UsageException("unknown option " + name);
                }
                parsed.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                parsed.positional.add(arg);
            }
        }
        return parsed;
    }

    List<String> positional() {
        return positional;
    }

    List<String> all(String option) {
        return options.getOrDefault(option, List.of());
    }

    String single(String option) throws UsageException {
        List<String> values = all(option);
        if (values.size() > 1) {
            throw new UsageException("option " + option + " given more than once");
        }
        return values.isEmpty() ? null : values.get(0);
    }
}
