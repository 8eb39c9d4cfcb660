package dev.candor.gateway.domain;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the route table: requests under {@code prefix} go to {@code upstream}, allowed for {@code roles}.
 * Where the path or a query parameter names a patient, {@code patientInPath}/{@code patientQueryParams} say where,
 * so ownership is checked at the edge before any upstream call.
 */
public record Route(String prefix, String upstream, Set<String> roles, Pattern patientInPath,
                    Set<String> patientQueryParams) {

    public boolean matches(String path) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** The patient id the path names, or null. */
    public String patientInPath(String path) {
        if (patientInPath == null) {
            return null;
        }
        Matcher m = patientInPath.matcher(path);
        return m.matches() ? m.group(1) : null;
    }
}
