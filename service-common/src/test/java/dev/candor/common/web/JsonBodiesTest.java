package dev.candor.common.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonBodiesTest {

    @Test
    void jsonAndJsonBasedTypesPassWithOrWithoutParameters() {
        assertThat(JsonBodies.isJson("application/json")).isTrue();
        assertThat(JsonBodies.isJson("Application/JSON; charset=UTF-8")).isTrue();
        assertThat(JsonBodies.isJson("application/fhir+json;fhirVersion=4.0")).isTrue();
        assertThat(JsonBodies.isJson(" application/json ")).isTrue();
    }

    @Test
    void everythingElseAndWhatCannotBeParsedIsNotJson() {
        for (String type : new String[]{"text/plain", "application/xml", "application/fhir+xml", ";", "/", "",
                "a/b/c", "application/a/b+json", "application/octet-stream", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded", "text/json+json"}) {
            assertThat(JsonBodies.isJson(type)).as(type).isFalse();
        }
    }
}
