package dev.candor.common.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Who is asking, as the token says: the Keycloak subject, the realm roles and the subject ids the realm's mappers
 * put into the token. Services decide object-level access with this, never with ids from the request.
 *
 * @param subject     the token's {@code sub}
 * @param name        {@code preferred_username} (or the client id for service accounts), for logs and reports
 * @param roles       realm roles ({@code realm_access.roles})
 * @param patientId   {@code patient_id}: set for patients
 * @param providerId  {@code provider_id}: set for therapists
 * @param practiceId  {@code practice_id}: set for therapists
 * @param delegateFor {@code delegate_for}: the patients a delegate acts for
 * @param orgId       {@code org_id}: set for disclosing systems
 */
public record Caller(String subject, String name, Set<String> roles, String patientId, String providerId,
                     String practiceId, Set<String> delegateFor, String orgId) {

    public static final String PATIENT = "patient";
    public static final String DELEGATE = "delegate";
    public static final String THERAPIST = "therapist";
    public static final String DISCLOSER = "discloser";
    public static final String REGULATOR = "regulator";
    public static final String ADMIN = "admin";
    public static final String SERVICE = "service";

    public static final Caller ANONYMOUS = new Caller(null, "anonymous", Set.of(), null, null, null, Set.of(), null);

    /**
     * The identity attribute under which {@link ValidatedTokenCache} keeps the caller it derived once per token:
     * reading the claims again costs an exception per non-standard claim in smallrye-jwt (its {@code Claims.valueOf}
     * look-up), which was ~8 % of consent-service's CPU per decision.
     */
    static final String ATTRIBUTE = "candor.caller";

    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return ANONYMOUS;
        }
        if (identity.getAttribute(ATTRIBUTE) instanceof Caller kept) {
            return kept;
        }
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return new Caller(identity.getPrincipal().getName(), identity.getPrincipal().getName(),
                    Set.copyOf(identity.getRoles()), null, null, null, Set.of(), null);
        }
        String name = firstNonBlank(jwt.getClaim("preferred_username"), jwt.getClaim("azp"), jwt.getSubject());
        return new Caller(jwt.getSubject(), name, Set.copyOf(identity.getRoles()),
                stringClaim(jwt, "patient_id"), stringClaim(jwt, "provider_id"), stringClaim(jwt, "practice_id"),
                stringSetClaim(jwt, "delegate_for"), stringClaim(jwt, "org_id"));
    }

    public boolean isAnonymous() {
        return subject == null;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean hasAnyRole(String... wanted) {
        for (String role : wanted) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the token says the caller is this patient, or a delegate for them. For a delegate that is only the
     * claim: the gateway's edge check and a first filter. Reading a patient's data also needs the delegation record
     * ({@link DelegationRecords}; consent-service checks its own records).
     */
    public boolean claimsToActFor(String patient) {
        if (patient == null) {
            return false;
        }
        return (hasRole(PATIENT) && patient.equals(patientId)) || (hasRole(DELEGATE) && delegateFor.contains(patient));
    }

    private static String stringClaim(JsonWebToken jwt, String claim) {
        Object value = jwt.getClaim(claim);
        if (value instanceof JsonString s) {
            return s.getString();
        }
        return value == null ? null : value.toString();
    }

    private static Set<String> stringSetClaim(JsonWebToken jwt, String claim) {
        Object value = jwt.getClaim(claim);
        Set<String> result = new LinkedHashSet<>();
        if (value instanceof JsonArray array) {
            for (JsonValue item : array) {
                result.add(item instanceof JsonString s ? s.getString() : item.toString());
            }
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(item -> result.add(item instanceof JsonString s ? s.getString() : String.valueOf(item)));
        } else if (value != null) {
            result.add(value instanceof JsonString s ? s.getString() : value.toString());
        }
        return Set.copyOf(result);
    }

    private static String firstNonBlank(Object... values) {
        for (Object value : values) {
            if (value != null) {
                String s = value instanceof JsonString js ? js.getString() : value.toString();
                if (!s.isBlank()) {
                    return s;
                }
            }
        }
        return null;
    }
}
