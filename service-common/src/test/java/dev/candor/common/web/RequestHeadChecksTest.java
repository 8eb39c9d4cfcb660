package dev.candor.common.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestHeadChecksTest {

    @Test
    void jsonAndJsonBasedTypesPassWithOrWithoutParameters() {
        assertThat(RequestHeadChecks.isJson("application/json")).isTrue();
        assertThat(RequestHeadChecks.isJson("Application/JSON; charset=UTF-8")).isTrue();
        assertThat(RequestHeadChecks.isJson("application/fhir+json;fhirVersion=4.0")).isTrue();
        assertThat(RequestHeadChecks.isJson(" application/json ")).isTrue();
    }

    @Test
    void everythingElseAndWhatCannotBeParsedIsNotJson() {
        for (String type : new String[]{"text/plain", "application/xml", "application/fhir+xml", ";", "/", "",
                "a/b/c", "application/a/b+json", "application/octet-stream", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded", "text/json+json"}) {
            assertThat(RequestHeadChecks.isJson(type)).as(type).isFalse();
        }
    }

    @Test
    void anEncodedNulIsFoundAnywhereInTheUri() {
        assertThat(RequestHeadChecks.encodedNul("/api/v1/disclosures?recipient=%00")).isEqualTo(30);
        assertThat(RequestHeadChecks.encodedNul("/a%00b")).isEqualTo(2);
        assertThat(RequestHeadChecks.encodedNul("/a%20b?x=%2000%")).isEqualTo(-1);
        assertThat(RequestHeadChecks.encodedNul("/a?x=%0")).isEqualTo(-1);
    }
}
