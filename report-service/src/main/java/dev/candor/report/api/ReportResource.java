package dev.candor.report.api;

import dev.candor.common.security.Caller;
import dev.candor.common.security.CurrentCaller;
import dev.candor.report.domain.PatientReportBuilder;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/reports")
@Tag(name = "Reports")
public class ReportResource {

    @Inject
    PatientReportBuilder patientReports;

    @Inject
    CurrentCaller caller;

    @GET
    @Path("/patients/{patientId}")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.REGULATOR})
    @Operation(summary = "A patient's transparency report: their consents and every disclosure about them")
    public PatientReportBuilder.PatientReport patientReport(
            @PathParam("patientId") @Pattern(regexp = "[A-Za-z0-9._-]{1,128}") String patientId) {
        return patientReports.build(caller.get(), patientId);
    }
}
