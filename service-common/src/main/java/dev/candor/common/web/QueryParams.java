package dev.candor.common.web;

import dev.candor.common.json.InstantRange;
import dev.candor.common.problem.ProblemException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Query parameters a client got wrong are 400 problems naming the parameter. JAX-RS turns a query parameter it cannot
 * convert into a 404, as if the path did not exist; so every typed {@code @QueryParam} (instants, codes, numbers,
 * booleans) of every service is converted here, and a bad value throws a validation problem (the problem mapper
 * unwraps it from JAX-RS' 404). Resources that take a parameter as a string parse it with the same static methods.
 */
@Provider
public class QueryParams implements ParamConverterProvider {

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = queryParamName(annotations);
        if (name == null) {
            return null;
        }
        if (rawType == Instant.class) {
            return (ParamConverter<T>) converter(value -> instant(name, value));
        }
        if (rawType.isEnum()) {
            return (ParamConverter<T>) converter(value -> enumValue(name, value, (Class) rawType, null));
        }
        if (rawType == Long.class || rawType == long.class) {
            return (ParamConverter<T>) converter(value -> wholeNumber(name, value, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        if (rawType == Integer.class || rawType == int.class) {
            return (ParamConverter<T>) converter(value -> (int) wholeNumber(name, value, Integer.MIN_VALUE,
                    Integer.MAX_VALUE));
        }
        if (rawType == Boolean.class || rawType == boolean.class) {
            return (ParamConverter<T>) converter(value -> bool(name, value));
        }
        return null;
    }

    private static String queryParamName(Annotation[] annotations) {
        if (annotations != null) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof QueryParam query) {
                    return query.value();
                }
            }
        }
        return null;
    }

    private static <T> ParamConverter<T> converter(Function<String, T> parse) {
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                return value == null ? null : parse.apply(value);
            }

            @Override
            public String toString(T value) {
                return value == null ? null : value.toString();
            }
        };
    }

    /** An ISO-8601 instant within {@link InstantRange}; null for none or blank. */
    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(name, "invalid value '" + value
                    + "'; expected an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
        if (!InstantRange.within(instant)) {
            throw ProblemException.validation(name, "invalid value '" + value + "': " + InstantRange.MESSAGE);
        }
        return instant;
    }

    /** One of the enum's constants by name; {@code fallback} for none or blank. */
    public static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type, E fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation(name, "invalid value '" + value + "'; allowed: "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    static long wholeNumber(String name, String value, long min, long max) {
        try {
            long number = Long.parseLong(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ProblemException.validation(name, "invalid value '" + value + "'; expected a whole number");
    }

    static boolean bool(String name, String value) {
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.validation(name, "invalid value '" + value + "'; expected true or false");
        };
    }
}
