package dev.candor.common.web;

import dev.candor.common.problem.ProblemException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParamsTest {

    enum Colour { RED, GREEN }

    private final QueryParams provider = new QueryParams();

    private static Annotation[] query(String name) {
        return new Annotation[]{new QueryParam() {
            @Override
            public String value() {
                return name;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return QueryParam.class;
            }
        }};
    }

    private <T> ParamConverter<T> converter(Class<T> type, String name) {
        return provider.getConverter(type, type, query(name));
    }

    private static void refused(Runnable conversion, String name, String message) {
        assertThatThrownBy(conversion::run).isInstanceOf(ProblemException.class)
                .satisfies(e -> {
                    ProblemException problem = (ProblemException) e;
                    assertThat(problem.problem().status()).isEqualTo(400);
                    assertThat(problem.problem().errors()).singleElement().satisfies(error -> {
                        assertThat(error.field()).isEqualTo(name);
                        assertThat(error.message()).contains(message);
                    });
                });
    }

    @Test
    void goodValuesAreConverted() {
        assertThat(converter(Instant.class, "from").fromString("2026-01-01T00:00:00Z"))
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(converter(Colour.class, "colour").fromString("GREEN")).isEqualTo(Colour.GREEN);
        assertThat(converter(long.class, "after").fromString("-1")).isEqualTo(-1L);
        assertThat(converter(Integer.class, "limit").fromString("100")).isEqualTo(100);
        assertThat(converter(boolean.class, "wait").fromString("true")).isTrue();
        assertThat(converter(Boolean.class, "wait").fromString("false")).isFalse();
    }

    @Test
    void badValuesAre400sNamingTheParameter() {
        refused(() -> converter(Instant.class, "from").fromString("2026-13-01T00:00:00Z"), "from", "ISO-8601");
        refused(() -> converter(Instant.class, "to").fromString("-999999999-01-01T00:00:00Z"), "to", "out of range");
        refused(() -> converter(Colour.class, "colour").fromString("BLUE"), "colour", "allowed: RED, GREEN");
        refused(() -> converter(long.class, "after").fromString("1.5"), "after", "whole number");
        refused(() -> converter(int.class, "limit").fromString("abc"), "limit", "whole number");
        refused(() -> converter(int.class, "limit").fromString("4294967296"), "limit", "whole number");
        refused(() -> converter(boolean.class, "wait").fromString("yes"), "wait", "true or false");
    }

    @Test
    void onlyQueryParametersOfTheseTypesAreTakenOver() {
        Annotation path = new PathParam() {
            @Override
            public String value() {
                return "id";
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return PathParam.class;
            }
        };
        assertThat(provider.getConverter(long.class, long.class, new Annotation[]{path})).isNull();
        assertThat(provider.getConverter(String.class, String.class, query("q"))).isNull();
        assertThat(provider.getConverter(ChronoUnit.class, ChronoUnit.class, query("unit"))).isNotNull();
    }
}
