package dev.candor.common.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whose disclosures a caller may read as the patient side: a patient their own; a delegate a patient only when the
 * token's {@code delegate_for} names them <em>and</em> consent-service holds a delegation for this delegate that is in
 * force now and has the {@code READ_DISCLOSURES} scope. The claim alone is not enough: a delegation revoked, expired
 * or narrowed in consent-service (the source of truth) stops the reading even while Keycloak still lists the patient.
 * Used by the ledger, report-service and the gateway's access log; consent-service checks its own records directly.
 *
 * <p>The delegate's records are read from consent-service with the delegate's own token
 * ({@code GET /api/v1/delegations?delegate=me}), so no service needs a privilege to look them up, and kept for
 * {@code candor.delegations.cache-ttl} (a revocation takes effect within that time; periods are checked on every
 * call). When consent-service cannot answer, the read fails with 503 rather than falling back to the claim.
 */
@ApplicationScoped
public class DelegationRecords {

    public static final String READ_DISCLOSURES = "READ_DISCLOSURES";

    private static final Logger LOG = Logger.getLogger(DelegationRecords.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CACHED_DELEGATES = 10_000;

    /** One delegation in force (or to come) that lets the delegate read a patient's disclosures. */
    record Grant(String patientId, Instant validFrom, Instant validUntil) {

        boolean inForceAt(Instant time) {
            return !time.isBefore(validFrom) && (validUntil == null || time.isBefore(validUntil));
        }
    }

    private record Fetched(List<Grant> grants, long fetchedAtNanos) {
    }

    @ConfigProperty(name = "candor.delegations.consent-url")
    Optional<String> consentUrl;

    @ConfigProperty(name = "candor.delegations.cache-ttl", defaultValue = "30s")
    Duration cacheTtl;

    @ConfigProperty(name = "candor.delegations.timeout", defaultValue = "3s")
    Duration timeout;

    @Inject
    SecurityIdentity identity;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ConcurrentHashMap<String, Fetched> cache = new ConcurrentHashMap<>();

    /** The patients whose disclosures this caller may read as the patient side: themselves and, for a delegate, those
     * the claim names and a recorded delegation with {@code READ_DISCLOSURES} covers now. */
    public Set<String> patientsReadableBy(Caller caller) {
        Set<String> patients = new LinkedHashSet<>();
        if (caller.hasRole(Caller.PATIENT) && caller.patientId() != null) {
            patients.add(caller.patientId());
        }
        if (caller.hasRole(Caller.DELEGATE) && caller.subject() != null && !caller.delegateFor().isEmpty()) {
            Instant now = Instant.now();
            for (Grant grant : grants(caller.subject())) {
                if (caller.delegateFor().contains(grant.patientId()) && grant.inForceAt(now)) {
                    patients.add(grant.patientId());
                }
            }
        }
        return patients;
    }

    /** Whether this caller may read the patient's disclosures as the patient or as their delegate. */
    public boolean mayRead(Caller caller, String patientId) {
        if (patientId == null) {
            return false;
        }
        if (caller.hasRole(Caller.PATIENT) && patientId.equals(caller.patientId())) {
            return true;
        }
        // A claim that does not even name the patient needs no look-up.
        return caller.hasRole(Caller.DELEGATE) && caller.delegateFor().contains(patientId)
                && patientsReadableBy(caller).contains(patientId);
    }

    private List<Grant> grants(String delegateSubject) {
        long now = System.nanoTime();
        Fetched cached = cache.get(delegateSubject);
        if (cached != null && now - cached.fetchedAtNanos() < cacheTtl.toNanos()) {
            return cached.grants();
        }
        List<Grant> grants = fetch();
        if (cache.size() >= MAX_CACHED_DELEGATES) {
            cache.clear();
        }
        cache.put(delegateSubject, new Fetched(grants, now));
        return grants;
    }

    /** The caller's own bearer token, which consent-service accepts for listing the caller's delegations. */
    String rawToken() {
        return identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getRawToken() : null;
    }

    List<Grant> fetch() {
        String token = rawToken();
        if (token == null) {
            return List.of();
        }
        String base = consentUrl.orElseThrow(() -> new IllegalStateException(
                "candor.delegations.consent-url is not configured: delegates cannot be checked"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "")
                        + "/api/v1/delegations?delegate=me"))
                .timeout(timeout).header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warnf("consent-service answered %d to a delegate's delegation look-up", response.statusCode());
                throw unavailable();
            }
            return parse(response.body());
        } catch (IOException e) {
            LOG.warnf("consent-service could not be asked for a delegate's delegations: %s", e.toString());
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
    }

    /** The delegations (consent-service's {@code DelegationView}s, latest versions) that may open disclosures. */
    static List<Grant> parse(String body) throws IOException {
        List<Grant> grants = new ArrayList<>();
        JsonNode delegations = JSON.readTree(body);
        if (!delegations.isArray()) {
            throw new IOException("not a list of delegations");
        }
        for (JsonNode delegation : delegations) {
            boolean readsDisclosures = false;
            for (JsonNode scope : delegation.path("scopes")) {
                readsDisclosures |= READ_DISCLOSURES.equals(scope.asText());
            }
            if (!readsDisclosures || !"ACTIVE".equals(delegation.path("status").asText())
                    || !delegation.path("patientId").isTextual() || !delegation.path("validFrom").isTextual()) {
                continue;
            }
            JsonNode until = delegation.path("validUntil");
            try {
                grants.add(new Grant(delegation.get("patientId").asText(),
                        Instant.parse(delegation.get("validFrom").asText()),
                        until.isTextual() ? Instant.parse(until.asText()) : null));
            } catch (DateTimeParseException e) {
                throw new IOException("a delegation's period cannot be read", e);
            }
        }
        return List.copyOf(grants);
    }

    private static ProblemException unavailable() {
        return new ProblemException(ProblemType.UNAVAILABLE,
                "a delegate's delegations could not be checked with consent-service; try again shortly");
    }
}
