package dev.candor.common.security;

import io.quarkus.security.StringPermission;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ValidatedTokenCacheTest {

    private static final long NOW = 1_800_000_000L;

    @Test
    void aValidatedTokenIsFoundByItsExactBytesOnly() {
        ValidatedTokenCache cache = cache(true, 10, Duration.ofSeconds(60));
        SecurityIdentity alice = identity("header.alice.signature", NOW + 300);
        cache.keep(alice, 0);

        assertThat(cache.find("header.alice.signature", NOW, 1).getPrincipal()).isSameAs(alice.getPrincipal());
        // The same token finds the same identity every time (the gateway keys its admissions by it).
        assertThat(cache.find("header.alice.signature", NOW, 2)).isSameAs(cache.find("header.alice.signature", NOW, 1));
        assertThat(cache.find("header.alice.signaturf", NOW, 1)).isNull();
        assertThat(cache.find("header.alice.signature ", NOW, 1)).isNull();
    }

    @Test
    void aTokenIsForgottenWhenItExpiresOrAfterTheMaximumAge() {
        ValidatedTokenCache cache = cache(true, 10, Duration.ofSeconds(60));
        cache.keep(identity("expiring", NOW + 10), 0);
        assertThat(cache.find("expiring", NOW + 9, 1)).isNotNull();
        assertThat(cache.find("expiring", NOW + 10, 1)).isNull();
        assertThat(cache.size()).isZero();

        cache.keep(identity("long-lived", NOW + 3600), 0);
        assertThat(cache.find("long-lived", NOW, Duration.ofSeconds(60).toNanos())).isNotNull();
        assertThat(cache.find("long-lived", NOW, Duration.ofSeconds(61).toNanos())).isNull();
    }

    @Test
    void onlyBearerJwtsAreKeptAndNothingWhenDisabled() {
        ValidatedTokenCache cache = cache(true, 10, Duration.ofSeconds(60));
        Principal plain = () -> "bob";
        cache.keep(QuarkusSecurityIdentity.builder().setPrincipal(plain).build(), 0);
        cache.keep(identity("no-expiry", 0), 0);
        assertThat(cache.size()).isZero();

        ValidatedTokenCache off = cache(false, 10, Duration.ofSeconds(60));
        off.keep(identity("token", NOW + 300), 0);
        assertThat(off.find("token", NOW, 1)).isNull();
    }

    @Test
    void theCacheNeverGrowsPastItsLimit() {
        ValidatedTokenCache cache = cache(true, 3, Duration.ofSeconds(60));
        for (int i = 0; i < 10; i++) {
            cache.keep(identity("token-" + i, NOW + 300), 0);
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        assertThat(cache.find("token-9", NOW, 1)).isNotNull();
    }

    @Test
    void theCallerIsDerivedOnceAndTravelsWithTheCachedIdentity() {
        ValidatedTokenCache cache = cache(true, 10, Duration.ofSeconds(60));
        ValidatedTokenCache.Fill fill = new ValidatedTokenCache.Fill();
        fill.cache = cache;
        SecurityIdentity validated = fill.augment(identity("header.alice.signature", NOW + 300), null)
                .await().indefinitely();

        Caller caller = Caller.of(validated);
        assertThat(caller.subject()).isEqualTo("alice");
        assertThat(caller.roles()).containsExactly("patient");
        SecurityIdentity hit = cache.find("header.alice.signature", NOW, 1);
        assertThat(hit.getPrincipal()).isSameAs(validated.getPrincipal());
        assertThat(Caller.of(hit)).isSameAs(caller);
    }

    @Test
    void theCachedIdentityDoesNotHoldTheRequestItWasValidatedOn() {
        ValidatedTokenCache cache = cache(true, 10, Duration.ofSeconds(60));
        Object request = new Object();
        Object blockingApi = new Object();
        SecurityIdentity validated = QuarkusSecurityIdentity.builder(identity("header.alice.signature", NOW + 300))
                .addAttribute(RoutingContext.class.getName(), request)
                .addAttribute(AuthenticationRequestContext.class.getName(), blockingApi)
                .addAttribute("tenant-id", "Default")
                .addCredential(new TokenCredential("header.alice.signature", "bearer"))
                .addPermissionAsString("read-ledger")
                .addPermissionChecker(permission -> {
                    throw new AssertionError("the cached identity still points back at the validated one");
                })
                .build();
        cache.keep(validated, 0);

        SecurityIdentity hit = cache.find("header.alice.signature", NOW, 1);
        assertThat(hit.getAttributes()).doesNotContainKeys(RoutingContext.class.getName(),
                AuthenticationRequestContext.class.getName()).containsEntry("tenant-id", "Default");
        assertThat(hit.getPrincipal()).isSameAs(validated.getPrincipal());
        assertThat(hit.getRoles()).containsExactly("patient");
        assertThat(hit.getCredentials()).isEqualTo(validated.getCredentials());
        assertThat(hit.isAnonymous()).isFalse();
        // It keeps the permissions it holds, and nothing leads back to the validated identity (and its request).
        assertThat(hit.checkPermissionBlocking(new StringPermission("read-ledger"))).isTrue();
        assertThat(hit.checkPermissionBlocking(new StringPermission("write-ledger"))).isFalse();
        // What was validated keeps its request: the request it was validated on still needs it.
        assertThat(validated.getAttributes()).containsEntry(RoutingContext.class.getName(), request);
    }

    private static ValidatedTokenCache cache(boolean enabled, int maxEntries, Duration maxAge) {
        ValidatedTokenCache cache = new ValidatedTokenCache();
        cache.enabled = enabled;
        cache.maxEntries = maxEntries;
        cache.maxAge = maxAge;
        return cache;
    }

    private static SecurityIdentity identity(String rawToken, long exp) {
        Map<String, Object> claims = Map.of("raw_token", rawToken, "exp", exp, "sub", "alice");
        JsonWebToken jwt = new JsonWebToken() {
            @Override
            public String getName() {
                return "alice";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return (T) claims.get(claimName);
            }
        };
        return QuarkusSecurityIdentity.builder().setPrincipal(jwt).addRole("patient").build();
    }
}
