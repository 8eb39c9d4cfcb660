package dev.candor.gateway;

import dev.candor.common.security.Caller;
import dev.candor.gateway.domain.Route;
import dev.candor.gateway.domain.RouteTable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which route a path takes, and whether its requests are a read of someone's data (kept in the access log). */
class RouteTableTest {

    @Test
    void theLongestPrefixWinsAndOnlyRoutesNamingSomeoneAreSubjectData() {
        Route catalog = RouteTable.find("/api/v1/policy-profiles").orElseThrow();
        assertThat(catalog.upstream()).isEqualTo("consent");
        assertThat(catalog.subjectData()).as("the catalog of policy profiles names no one").isFalse();

        Route setting = RouteTable.find("/api/v1/policy-profiles/subjects/pat-alice").orElseThrow();
        assertThat(setting.subjectData()).isTrue();
        assertThat(setting.patientInPath("/api/v1/policy-profiles/subjects/pat-alice")).isEqualTo("pat-alice");

        assertThat(RouteTable.find("/api/v1/disclosures").orElseThrow().subjectData()).isTrue();
        assertThat(RouteTable.find("/api/v1/log/checkpoint").orElseThrow().subjectData()).isFalse();
        assertThat(RouteTable.find("/api/v1/policy-profilesx")).isEmpty();
    }

    @Test
    void theReportSigningKeysAndThePdfSignersCertificateAreForEveryRoleAndNamesNoOne() {
        for (String path : new String[]{"/api/v1/reports/jwks.json", "/api/v1/reports/pdf-signer.pem"}) {
            Route route = RouteTable.find(path).orElseThrow();
            assertThat(route.prefix()).as(path).isEqualTo(path);
            assertThat(route.subjectData()).as(path).isFalse();
            assertThat(route.roles()).as(path).contains(Caller.PATIENT, Caller.DELEGATE, Caller.THERAPIST,
                    Caller.DISCLOSER, Caller.REGULATOR, Caller.ADMIN);
        }
    }
}
