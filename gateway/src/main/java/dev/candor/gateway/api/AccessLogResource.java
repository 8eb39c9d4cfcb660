package dev.candor.gateway.api;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.security.Caller;
import dev.candor.common.security.CurrentCaller;
import dev.candor.common.security.DelegationRecords;
import dev.candor.gateway.domain.RouteTable;
import dev.candor.gateway.persistence.AccessLog;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The access report HIPAA proposed and never finalised: who read (or tried to read) a patient's data through the
 * gateway, when, and with what outcome. For the patient, their delegates and regulators.
 */
@Path(RouteTable.ACCESS_LOG)
@Tag(name = "access log")
@Produces(MediaType.APPLICATION_JSON)
public class AccessLogResource {

    /** One access: who (name, roles), what (method, path), when, and the HTTP status it got. */
    public record AccessView(long id, Instant at, String requestId, String caller, List<String> callerRoles,
                             String method, String path, String patientId, int status) {

        static AccessView of(AccessLog.Entry e) {
            return new AccessView(e.id(), e.at(), e.requestId(), e.caller(),
                    e.callerRoles().isEmpty() ? List.of() : List.of(e.callerRoles().split(",")), e.method(), e.path(),
                    e.subjectId(), e.status());
        }
    }

    /** A page of accesses; {@code next} is the {@code after} of the following page, absent on the last. */
    public record AccessPage(List<AccessView> items, String next) {
    }

    private static final String EXAMPLE = """
            {"items": [{"id": 41, "at": "2026-11-27T10:15:00Z", "requestId": "4f1c...", "caller": "rita",
              "callerRoles": ["regulator"], "method": "GET", "path": "/api/v1/reports/patients/pat-alice",
              "patientId": "pat-alice", "status": 200}], "next": "41"}""";

    @Inject
    AccessLog accessLog;

    @Inject
    CurrentCaller caller;

    @Inject
    DelegationRecords delegations;

    @GET
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.REGULATOR})
    @Operation(summary = "Who accessed a patient's data through the gateway: the patient, their delegates "
            + "(a delegation with READ_DISCLOSURES in force) and regulators may ask; oldest first, keyset-paginated")
    @APIResponse(responseCode = "200", description = "a page of accesses",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "page", value = EXAMPLE)))
    public AccessPage list(
            @Parameter(description = "the patient whose data was accessed", example = "pat-alice")
            @QueryParam("patient") @NotBlank @Size(max = 128) String patient,
            @Parameter(description = "the id after which to continue (the previous page's next)")
            @QueryParam("after") @DefaultValue("0") @Min(0) long after,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit,
            @Context HttpServerRequest request) throws SQLException {
        Caller who = caller.get();
        if (!who.hasRole(Caller.REGULATOR) && !delegations.mayRead(who, patient)) {
            accessLog.insert(Instant.now(), request.getHeader("X-Request-Id"), who, "GET", request.path(), patient,
                    403);
            throw ProblemException.forbidden("the caller does not act for this patient");
        }
        List<AccessLog.Entry> entries = accessLog.ofSubject(patient, after, limit + 1);
        boolean more = entries.size() > limit;
        List<AccessView> items = entries.stream().limit(limit).map(AccessView::of).toList();
        // Reading the access log is itself an access to the patient's data.
        accessLog.insert(Instant.now(), request.getHeader("X-Request-Id"), who, "GET", request.path(), patient, 200);
        return new AccessPage(items, more ? Long.toString(items.get(items.size() - 1).id()) : null);
    }
}
