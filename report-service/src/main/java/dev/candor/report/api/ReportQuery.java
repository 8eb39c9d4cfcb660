package dev.candor.report.api;

import dev.candor.common.problem.ProblemException;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.List;

/**
 * What every report request may say: its period and the format wanted. Each parameter is read with every value the
 * query gives it, so that one given twice ({@code ?from=a&from=b}, {@code ?format=csv&format=pdf}) is a 400 naming it,
 * as a field given twice in a body is: which value counts would be a guess (the framework took the first). Quarkus
 * REST matches query parameter names in any case ({@code FROM} is {@code from}: Vert.x' case-insensitive parameter
 * map, quarkusio/quarkus#31060, no setting), so {@code ?from=a&FROM=b} is the same parameter given twice.
 */
public class ReportQuery {

    @Parameter(description = "start, on the disclosure's date: ISO-8601 date or instant; default: six years before"
            + " 'to'", schema = @Schema(type = SchemaType.STRING))
    @QueryParam("from")
    List<String> from;

    @Parameter(description = "end: ISO-8601 date (inclusive) or instant (exclusive); default: now",
            schema = @Schema(type = SchemaType.STRING))
    @QueryParam("to")
    List<String> to;

    @Parameter(description = "json (signed, the default), csv or pdf; without it, Accept decides",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"json", "csv", "pdf"}))
    @QueryParam("format")
    List<String> format;

    @HeaderParam(HttpHeaders.ACCEPT)
    String accept;

    String from() {
        return single("from", from);
    }

    String to() {
        return single("to", to);
    }

    String format() {
        return single("format", format);
    }

    private static String single(String name, List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ProblemException.validation(name, "given more than once; give it once");
        }
        return values.get(0);
    }
}
