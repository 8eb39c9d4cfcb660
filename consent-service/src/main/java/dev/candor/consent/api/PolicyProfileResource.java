package dev.candor.consent.api;

import dev.candor.common.validation.Identifier;
import dev.candor.common.security.Caller;
import dev.candor.common.security.CurrentCaller;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.common.web.QueryParams;
import dev.candor.consent.domain.PolicyProfile;
import dev.candor.consent.domain.PolicyProfileService;
import dev.candor.consent.domain.SubjectRef;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;

@Path("/api/v1/policy-profiles")
@Tag(name = "Policy profiles")
public class PolicyProfileResource {

    private static final String SUBJECT_TYPE = "PATIENT (default) or PROVIDER";

    @Inject
    PolicyProfileService service;

    @Inject
    CurrentCaller caller;

    @GET
    @Authenticated
    @Operation(summary = "The policy profiles: what each needs consent for, and the deployment's default")
    public PolicyProfilesView profiles() {
        return new PolicyProfilesView(service.deploymentDefault(), Arrays.stream(PolicyProfile.values())
                .map(p -> new PolicyProfilesView.Profile(p, p.summary())).toList());
    }

    @GET
    @Path("/subjects/{subjectId}")
    @RolesAllowed({Caller.ADMIN, Caller.REGULATOR, Caller.SERVICE, Caller.PATIENT, Caller.DELEGATE})
    @Operation(summary = "The policy profile that applies to a subject")
    public SubjectProfileView get(@PathParam("subjectId") @Size(max = 128) String subjectId,
                                  @Parameter(description = SUBJECT_TYPE) @QueryParam("subjectType") String type) {
        return SubjectProfileView.of(service.get(caller.get(), subject(subjectId, type)));
    }

    @PUT
    @Path("/subjects/{subjectId}")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Set a subject's policy profile (their jurisdiction); decisions from now on use it")
    public SubjectProfileView set(@PathParam("subjectId") @Size(max = 128) @Identifier String subjectId,
                                  @Parameter(description = SUBJECT_TYPE) @QueryParam("subjectType") String type,
                                  @NotNull @Valid SetProfileRequest request) {
        return SubjectProfileView.of(service.set(caller.get(), subject(subjectId, type), request.profile()));
    }

    @DELETE
    @Path("/subjects/{subjectId}")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Return a subject to the deployment's profile (recorded as a new setting; history is kept)")
    public SubjectProfileView clear(@PathParam("subjectId") @Size(max = 128) String subjectId,
                                    @Parameter(description = SUBJECT_TYPE) @QueryParam("subjectType") String type) {
        return SubjectProfileView.of(service.set(caller.get(), subject(subjectId, type), null));
    }

    private static SubjectRef subject(String subjectId, String type) {
        return new SubjectRef(QueryParams.enumValue("subjectType", type, SubjectType.class, SubjectType.PATIENT),
                subjectId);
    }
}
