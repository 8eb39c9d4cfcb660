package dev.candor.report.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One media range of an {@code Accept} header, lower-cased, with its weight; specificity 2 for
 * {@code type/subtype}, 1 for {@code type/*}, 0 for {@code *}{@code /*}.
 */
record MediaRange(String type, String subtype, double weight) {

    private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

    int specificity() {
        return type.equals("*") ? 0 : subtype.equals("*") ? 1 : 2;
    }

    boolean matches(String type, String subtype) {
        return specificity() == 0 || (this.type.equals(type) && (specificity() == 1
                || this.subtype.equals(subtype)));
    }

    /** The ranges of the header; an element that is no {@code type/subtype}, or has a malformed q, is left out. */
    static List<MediaRange> parse(String accept) {
        List<MediaRange> ranges = new ArrayList<>();
        for (String element : accept.split(",")) {
            String[] parts = element.split(";");
            String[] type = parts[0].strip().toLowerCase(Locale.ROOT).split("/", -1);
            if (type.length != 2 || type[0].isEmpty() || type[1].isEmpty()
                    || (type[0].equals("*") && !type[1].equals("*"))) {
                continue;
            }
            double weight = 1;
            for (int i = 1; i < parts.length; i++) {
                String[] parameter = parts[i].split("=", 2);
                if (parameter.length == 2 && parameter[0].strip().equalsIgnoreCase("q")) {
                    String q = parameter[1].strip();
                    weight = QVALUE.matcher(q).matches() ? Double.parseDouble(q) : -1;
                }
            }
            if (weight >= 0) {
                ranges.add(new MediaRange(type[0], type[1], weight));
            }
        }
        return ranges;
    }

    /** The most specific range matching {@code type/subtype} (the first of equally specific ones), or null. */
    static MediaRange mostSpecific(List<MediaRange> ranges, String type, String subtype) {
        MediaRange best = null;
        for (MediaRange range : ranges) {
            if (range.matches(type, subtype) && (best == null || range.specificity() > best.specificity())) {
                best = range;
            }
        }
        return best;
    }
}
