package dev.candor.gateway;

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
}
