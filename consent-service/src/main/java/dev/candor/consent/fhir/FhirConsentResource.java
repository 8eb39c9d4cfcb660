package dev.candor.consent.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import dev.candor.common.problem.Problem;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import dev.candor.common.security.Caller;
import dev.candor.common.security.CurrentCaller;
import dev.candor.consent.domain.DirectiveService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Consent directives as FHIR R4 {@code Consent} resources: export (one, or a patient's as a search Bundle) and
 * import. The same access rules as {@code /api/v1/consents}: a directive the caller may not see is a 404, a patient
 * the caller does not act for a 403.
 */
@Path("/api/v1/fhir/Consent")
@Tag(name = "FHIR R4 Consent")
@Produces({FhirCodes.FHIR_JSON, MediaType.APPLICATION_JSON})
public class FhirConsentResource {

    @Inject
    DirectiveService directives;

    @Inject
    CurrentCaller caller;

    @Inject
    Fhir fhir;

    @Inject
    Validator validator;

    @GET
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.REGULATOR, Caller.ADMIN})
    @Operation(summary = "A patient's directives as a FHIR searchset Bundle of Consent (each one's latest version)")
    public String search(@Parameter(description = "the patient's id, or Patient/{id}") @QueryParam("patient")
                         String patient, @Context UriInfo uri) {
        if (patient == null || patient.isBlank()) {
            throw ProblemException.validation("patient", "is required: the patient whose Consents to list");
        }
        String patientId = patient.strip().startsWith("Patient/") ? patient.strip().substring(8) : patient.strip();
        List<DirectiveService.Current> found = directives.ofPatient(caller.get(), patientId, null);
        Instant now = Instant.now();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(found.size());
        bundle.setId(UUID.randomUUID().toString());
        bundle.getMeta().setLastUpdated(Date.from(now));
        bundle.addLink().setRelation("self").setUrl(uri.getRequestUri().toString());
        for (DirectiveService.Current current : found) {
            Consent consent = ConsentExport.toFhir(current, now);
            bundle.addEntry().setFullUrl(location(uri, current).toString()).setResource(consent)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return fhir.toJson(bundle);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.REGULATOR, Caller.ADMIN})
    @Operation(summary = "One directive as a FHIR Consent: its latest version (meta.versionId = the version)")
    public String read(@PathParam("id") String id) {
        return fhir.toJson(ConsentExport.toFhir(find(id), Instant.now()));
    }

    @GET
    @Path("/{id}/_history")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.REGULATOR, Caller.ADMIN})
    @Operation(summary = "Every version of a directive as a FHIR history Bundle of Consent, newest first")
    public String history(@PathParam("id") String id, @Context UriInfo uri) {
        List<DirectiveService.Current> versions = versions(id);
        Instant now = Instant.now();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.HISTORY).setTotal(versions.size());
        bundle.setId(UUID.randomUUID().toString());
        bundle.getMeta().setLastUpdated(Date.from(now));
        bundle.addLink().setRelation("self").setUrl(uri.getRequestUri().toString());
        for (int i = versions.size() - 1; i >= 0; i--) {
            DirectiveService.Current version = versions.get(i);
            boolean first = version.version().version == 1;
            Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl(location(uri, version).toString())
                    .setResource(ConsentExport.toFhir(version, now));
            entry.getRequest().setMethod(first ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT)
                    .setUrl(first ? "Consent" : "Consent/" + version.directive().id);
            entry.getResponse().setStatus(first ? "201 Created" : "200 OK")
                    .setEtag("W/\"" + version.version().version + "\"")
                    .setLastModified(Date.from(version.version().recordedAt));
        }
        return fhir.toJson(bundle);
    }

    @GET
    @Path("/{id}/_history/{vid}")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.REGULATOR, Caller.ADMIN})
    @Operation(summary = "One version of a directive as a FHIR Consent (what a decision's basedOn cites)")
    public String readVersion(@PathParam("id") String id, @PathParam("vid") String vid) {
        return versions(id).stream().filter(v -> String.valueOf(v.version().version).equals(vid)).findFirst()
                .map(v -> fhir.toJson(ConsentExport.toFhir(v, Instant.now())))
                .orElseThrow(() -> ProblemException.notFound("Consent " + id + " version " + vid));
    }

    @POST
    @Consumes({FhirCodes.FHIR_JSON, MediaType.APPLICATION_JSON})
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE})
    @Operation(summary = "Import a FHIR Consent as a new directive of its patient (the same rules and access as "
            + "POST /api/v1/consents); answers the Consent as recorded")
    public RestResponse<String> create(String body, @Context UriInfo uri) {
        Consent parsed = parse(body);
        ConsentImport.Imported imported = ConsentImport.fromFhir(parsed, validator);
        DirectiveService.Current created;
        try {
            created = directives.create(caller.get(), imported.patientId(), imported.content());
        } catch (ProblemException e) {
            throw ConsentImport.inFhirTerms(e, imported.provisionPaths());
        }
        return RestResponse.ResponseBuilder.<String>created(location(uri, created))
                .entity(fhir.toJson(ConsentExport.toFhir(created, Instant.now())))
                .type(FhirCodes.FHIR_JSON)
                .build();
    }

    private DirectiveService.Current find(String id) {
        return directives.find(caller.get(), uuid(id)).orElseThrow(() -> ProblemException.notFound("Consent " + id));
    }

    /** Every version, oldest first; a directive the caller may not see is a 404 like an absent one. */
    private List<DirectiveService.Current> versions(String id) {
        List<DirectiveService.Current> versions = directives.history(caller.get(), uuid(id));
        if (versions.isEmpty()) {
            throw ProblemException.notFound("Consent " + id);
        }
        return versions;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("Consent " + id);
        }
    }

    private Consent parse(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.validation("Consent", "the body is empty: send a FHIR R4 Consent as JSON");
        }
        try {
            return fhir.strictJsonParser().parseResource(Consent.class, body);
        } catch (DataFormatException | ClassCastException e) {
            String message = e.getMessage() == null ? "unreadable" : e.getMessage().replaceFirst("^HAPI-\\d+: ", "");
            throw new ProblemException(ProblemType.VALIDATION, "Consent: not a valid FHIR R4 Consent: " + message,
                    List.of(new Problem.FieldError("Consent", "not a valid FHIR R4 Consent: " + message)));
        }
    }

    private static URI location(UriInfo uri, DirectiveService.Current current) {
        return uri.getBaseUriBuilder().path("/api/v1/fhir/Consent").path(current.directive().id.toString()).build();
    }
}
