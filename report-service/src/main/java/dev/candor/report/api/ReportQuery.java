package dev.candor.report.api;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** What every report request may say: its period and the format wanted. */
public class ReportQuery {

    @Parameter(description = "start, on the disclosure's date: ISO-8601 date or instant; default: six years before"
            + " 'to'")
    @QueryParam("from")
    String from;

    @Parameter(description = "end: ISO-8601 date (inclusive) or instant (exclusive); default: now")
    @QueryParam("to")
    String to;

    @Parameter(description = "json (signed, the default) or csv; without it, Accept: text/csv gives CSV")
    @QueryParam("format")
    String format;

    @HeaderParam(HttpHeaders.ACCEPT)
    String accept;
}
