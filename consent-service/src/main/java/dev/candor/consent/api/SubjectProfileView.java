package dev.candor.consent.api;

import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.domain.PolicyProfile;
import dev.candor.consent.domain.PolicyProfileService;

import java.time.Instant;

/**
 * @param profile          the subject's own profile; null when the deployment default applies
 * @param effectiveProfile the profile decisions about the subject use now
 * @param setAt            when the latest setting was made; null if never
 */
public record SubjectProfileView(SubjectType subjectType, String subjectId, PolicyProfile profile,
                                 PolicyProfile effectiveProfile, PolicyProfile deploymentDefault, Instant setAt,
                                 String setBy) {

    static SubjectProfileView of(PolicyProfileService.Assignment a) {
        return new SubjectProfileView(a.subject().type(), a.subject().id(), a.profile(), a.effectiveProfile(),
                a.deploymentDefault(), a.setAt(), a.setBy());
    }
}
