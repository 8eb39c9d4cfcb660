package dev.candor.gateway.domain;

import dev.candor.common.security.Caller;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the route table: requests under {@code prefix} go to {@code upstream}, allowed for {@code roles}.
 * Where the path or a query parameter names a patient, {@code patientInPath}/{@code patientQueryParams} say where,
 * so ownership is checked at the edge before any upstream call. {@code subjectData} routes carry a subject's data:
 * every request on them is kept in the access log.
 */
public record Route(String prefix, String upstream, Set<String> roles, Pattern patientInPath,
                    Set<String> patientQueryParams, boolean subjectData) {

    /** A route carrying subject data, with no patient named in its path or query: add what applies with the withers. */
    public static Route to(String upstream, String prefix, String... roles) {
        return new Route(prefix, upstream, Set.of(roles), null, Set.of(), true);
    }

    /** The patient is the first group of {@code regex}, matched against the whole path. */
    public Route withPatientInPath(String regex) {
        return new Route(prefix, upstream, roles, Pattern.compile(regex), patientQueryParams, subjectData);
    }

    public Route withPatientInQuery(String... params) {
        return new Route(prefix, upstream, roles, patientInPath, Set.of(params), subjectData);
    }

    /** For routes that never carry a subject's data (log checkpoints, keys, proofs): not access-logged. */
    public Route publicData() {
        return new Route(prefix, upstream, roles, patientInPath, patientQueryParams, false);
    }

    /** True when at least one of the caller's roles may use this route. */
    public boolean allows(Caller caller) {
        for (String role : roles) {
            if (caller.hasRole(role)) {
                return true;
            }
        }
        return false;
    }

    public boolean matches(String path) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
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
