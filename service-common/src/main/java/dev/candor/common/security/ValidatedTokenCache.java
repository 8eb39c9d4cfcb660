package dev.candor.common.security;

import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers bearer tokens this service has already validated, so that a client sending the same token many times
 * (a portal session, a disclosing system's client-credentials token) pays the signature check once, not per request.
 * What a hit returns is exactly what the full validation returned for the same bytes, and only while the token has not
 * expired and for at most {@code max-age} (so a key withdrawn from the realm's JWKS stops being honoured soon after).
 * A token that never validated is never in here: wrong signature, issuer, audience or an expired token always go
 * through Quarkus OIDC. Off with {@code candor.security.token-cache.enabled=false}.
 */
@ApplicationScoped
public class ValidatedTokenCache {

    private record Entry(SecurityIdentity identity, long expiresAtEpochSecond, long cachedAtNanos) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    @ConfigProperty(name = "candor.security.token-cache.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "candor.security.token-cache.max-entries", defaultValue = "10000")
    int maxEntries;

    @ConfigProperty(name = "candor.security.token-cache.max-age", defaultValue = "60s")
    Duration maxAge;

    /** The identity validated earlier for exactly this token, if it is still good; otherwise null. */
    SecurityIdentity find(String token, long nowEpochSecond, long nowNanos) {
        if (!enabled) {
            return null;
        }
        Entry entry = entries.get(token);
        if (entry == null) {
            return null;
        }
        if (nowEpochSecond >= entry.expiresAtEpochSecond() || nowNanos - entry.cachedAtNanos() > maxAge.toNanos()) {
            entries.remove(token, entry);
            return null;
        }
        return entry.identity();
    }

    /**
     * For code below Quarkus security that reads the bearer token itself (the gateway's proxy): the identity validated
     * earlier for exactly these token bytes, while it is still good; otherwise null, and the caller must have the token
     * validated by Quarkus OIDC (which then fills this cache).
     */
    public SecurityIdentity lookup(String token) {
        return find(token, System.currentTimeMillis() / 1000, System.nanoTime());
    }

    /** Keeps an identity that Quarkus OIDC has just validated (bearer JWTs only). */
    void keep(SecurityIdentity identity, long nowNanos) {
        if (!enabled || !(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getRawToken() == null
                || jwt.getExpirationTime() <= 0) {
            return;
        }
        if (entries.containsKey(jwt.getRawToken())) {
            return; // a hit from Lookup passes through Fill too: nothing to keep, and no copy to build
        }
        if (entries.size() >= maxEntries) {
            // Rare (more distinct live tokens than entries): start over rather than track recency on every hit.
            entries.clear();
        }
        entries.putIfAbsent(jwt.getRawToken(), new Entry(withoutRequest(identity), jwt.getExpirationTime(), nowNanos));
    }

    /** Attributes that belong to the request an identity was validated on (Quarkus OIDC sets both). */
    static final Set<String> REQUEST_ATTRIBUTES =
            Set.of(RoutingContext.class.getName(), AuthenticationRequestContext.class.getName());

    /**
     * The identity without what ties it to the request it was validated on. Quarkus OIDC puts that request's
     * RoutingContext into the identity; kept in here, it held the connection — and through it whatever request the
     * connection was serving, a 1,000-entry batch and its answer included — for as long as the token stayed cached
     * (found in the ledger's heap under batch load, docs/decisions.md). Copied part by part because
     * {@code QuarkusSecurityIdentity.builder(identity)} adds a permission checker that points back at the original.
     * The copy keeps the permissions the identity holds (OIDC makes them from the token's scopes) but no other
     * permission checker; Candor authorises by roles, and no endpoint checks permissions.
     */
    static SecurityIdentity withoutRequest(SecurityIdentity identity) {
        Map<String, Object> attributes = new HashMap<>(identity.getAttributes());
        attributes.keySet().removeAll(REQUEST_ATTRIBUTES);
        return QuarkusSecurityIdentity.builder().setPrincipal(identity.getPrincipal()).addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials()).addPermissions(identity.getPermissions())
                .addAttributes(attributes).build();
    }

    int size() {
        return entries.size();
    }

    /** Asked before Quarkus OIDC: answers from the cache, or passes (null) so that OIDC validates the token. */
    @ApplicationScoped
    public static class Lookup implements IdentityProvider<TokenAuthenticationRequest> {

        @Inject
        ValidatedTokenCache cache;

        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        @Override
        public int priority() {
            // Above Quarkus OIDC's (the default, 1001): asked first.
            return 2_000;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
                                                  AuthenticationRequestContext context) {
            SecurityIdentity cached = cache.lookup(request.getToken().getToken());
            if (cached == null) {
                return Uni.createFrom().nullItem();
            }
            // The identity OIDC built carries the request it was built for: point it at this one.
            RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
            if (rc == null) {
                return Uni.createFrom().item(cached);
            }
            QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(cached);
            OidcUtils.setRoutingContextAttribute(builder, rc);
            OidcUtils.setBlockingApiAttribute(builder, rc);
            return Uni.createFrom().item(builder.build());
        }
    }

    /** Runs after every other augmentor: keeps what a full validation produced. */
    @ApplicationScoped
    public static class Fill implements SecurityIdentityAugmentor {

        @Inject
        ValidatedTokenCache cache;

        @Override
        public int priority() {
            return Integer.MIN_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            if (identity.isAnonymous()) {
                return Uni.createFrom().item(identity);
            }
            // The caller is derived once here, with the final roles, and travels with the cached identity.
            SecurityIdentity withCaller = QuarkusSecurityIdentity.builder(identity)
                    .addAttribute(Caller.ATTRIBUTE, Caller.of(identity)).build();
            cache.keep(withCaller, System.nanoTime());
            return Uni.createFrom().item(withCaller);
        }
    }
}
