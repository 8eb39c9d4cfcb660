package dev.candor.common.security;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DelegationRecordsTest {

    private static final String ALL = "[\"MANAGE_CONSENT\",\"READ_CONSENT_HISTORY\",\"READ_DISCLOSURES\"]";

    private static String view(String patient, String scopes, String status, String from, String until) {
        return "{\"patientId\":\"" + patient + "\",\"scopes\":" + scopes + ",\"status\":\"" + status
                + "\",\"validFrom\":\"" + from + "\",\"validUntil\":" + (until == null ? "null" : "\"" + until + "\"")
                + "}";
    }

    private static Caller delegate(String... patients) {
        return new Caller("sub-dana", "dana", Set.of(Caller.DELEGATE), null, null, null, Set.of(patients), null);
    }

    /** Records served from memory, counting the look-ups. */
    private static final class Served extends DelegationRecords {
        String body;
        int lookups;

        Served(String body) {
            this.body = body;
            this.consentUrl = Optional.of("http://unused");
            this.cacheTtl = Duration.ofMinutes(1);
        }

        @Override
        String rawToken() {
            return "token";
        }

        @Override
        List<Grant> fetch() {
            lookups++;
            try {
                return parse(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void onlyActiveDelegationsWithTheDisclosureScopeInForceNowAndNamedByTheClaimCount() {
        Served records = new Served("[" + String.join(",",
                view("pat-alice", ALL, "ACTIVE", "2020-01-01T00:00:00Z", null),
                view("pat-bob", "[\"MANAGE_CONSENT\",\"READ_CONSENT_HISTORY\"]", "ACTIVE", "2020-01-01T00:00:00Z",
                        null),
                view("pat-carol", ALL, "REVOKED", "2020-01-01T00:00:00Z", null),
                view("pat-dan", ALL, "ACTIVE", "2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z"),
                view("pat-eve", ALL, "ACTIVE", "2999-01-01T00:00:00Z", null),
                view("pat-fay", ALL, "ACTIVE", "2020-01-01T00:00:00Z", null)) + "]");
        Caller dana = delegate("pat-alice", "pat-bob", "pat-carol", "pat-dan", "pat-eve");

        // pat-fay has a record but the token does not name her: both are needed.
        assertThat(records.patientsReadableBy(dana)).containsExactly("pat-alice");
        assertThat(records.mayRead(dana, "pat-alice")).isTrue();
        for (String other : List.of("pat-bob", "pat-carol", "pat-dan", "pat-eve", "pat-fay", "pat-zed")) {
            assertThat(records.mayRead(dana, other)).as(other).isFalse();
        }
        assertThat(records.lookups).as("one look-up, then the cache").isEqualTo(1);
    }

    @Test
    void patientsNeedNoLookUpAndOtherRolesReadNoPatientsData() {
        Served records = new Served("[]");
        Caller alice = new Caller("sub-alice", "alice", Set.of(Caller.PATIENT), "pat-alice", null, null, Set.of(),
                null);
        Caller tom = new Caller("sub-tom", "tom", Set.of(Caller.THERAPIST), null, "prov-tom", null, Set.of(), null);

        assertThat(records.patientsReadableBy(alice)).containsExactly("pat-alice");
        assertThat(records.mayRead(alice, "pat-alice")).isTrue();
        assertThat(records.mayRead(alice, "pat-bob")).isFalse();
        assertThat(records.patientsReadableBy(tom)).isEmpty();
        assertThat(records.mayRead(delegate("pat-alice"), "pat-bob")).isFalse();
        assertThat(records.lookups).isZero();
    }

    @Test
    void aRevocationTakesEffectWhenTheCachedRecordsAgeOut() {
        Served records = new Served("[" + view("pat-alice", ALL, "ACTIVE", "2020-01-01T00:00:00Z", null) + "]");
        records.cacheTtl = Duration.ZERO;
        assertThat(records.mayRead(delegate("pat-alice"), "pat-alice")).isTrue();
        records.body = "[" + view("pat-alice", ALL, "REVOKED", "2020-01-01T00:00:00Z", null) + "]";
        assertThat(records.mayRead(delegate("pat-alice"), "pat-alice")).isFalse();
    }

    @Test
    void whenConsentServiceCannotBeAskedTheReadIsA503NotTheClaim() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DelegationRecords records = new DelegationRecords() {
            @Override
            String rawToken() {
                return "token";
            }
        };
        records.consentUrl = Optional.of("http://127.0.0.1:" + closedPort);
        records.cacheTtl = Duration.ofSeconds(30);
        records.timeout = Duration.ofSeconds(2);

        assertThatThrownBy(() -> records.mayRead(delegate("pat-alice"), "pat-alice"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.UNAVAILABLE));
    }

    @Test
    void anAnswerThatIsNotAListOfDelegationsIsRefused() {
        assertThatThrownBy(() -> DelegationRecords.parse("{\"detail\":\"nope\"}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> DelegationRecords.parse(
                "[" + view("pat-alice", ALL, "ACTIVE", "yesterday", null) + "]")).isInstanceOf(IOException.class);
    }
}
