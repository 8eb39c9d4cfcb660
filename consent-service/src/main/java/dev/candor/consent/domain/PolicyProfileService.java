package dev.candor.consent.domain;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.security.Caller;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.config.ConsentConfig;
import dev.candor.consent.persistence.SubjectProfiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Which policy profile applies to whom: the deployment's, unless an admin set one for the subject. */
@ApplicationScoped
public class PolicyProfileService {

    @Inject
    SubjectProfiles profiles;

    @Inject
    ConsentConfig config;

    @Inject
    PatientAccess patients;

    /**
     * @param profile the subject's own profile; null when the deployment default applies
     * @param setAt   when the latest setting was made (null if never)
     */
    public record Assignment(SubjectRef subject, PolicyProfile profile, PolicyProfile effectiveProfile,
                             PolicyProfile deploymentDefault, Instant setAt, String setBy) {
    }

    public PolicyProfile deploymentDefault() {
        return config.policyProfile();
    }

    /**
     * Admins, regulators and the internal service see anyone's; patients their own, delegates the patients of a
     * delegation in force that lets them read the consent history.
     */
    public Assignment get(Caller caller, SubjectRef subject) {
        if (!caller.hasAnyRole(Caller.ADMIN, Caller.REGULATOR, Caller.SERVICE)
                && !(subject.type() == SubjectType.PATIENT
                && patients.actsFor(caller, subject.id(), DelegationScope.READ_CONSENT_HISTORY))) {
            throw ProblemException.forbidden("the caller may not read this subject's policy profile");
        }
        return profiles.current(subject)
                .map(s -> assignment(subject, s.profile(), s.setAt(), s.setBy()))
                .orElseGet(() -> assignment(subject, null, null, null));
    }

    /** Records a new setting (null: back to the deployment default); decisions about times from now on use it. */
    @Transactional
    public Assignment set(Caller caller, SubjectRef subject, PolicyProfile profile) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        profiles.append(new SubjectProfiles.Setting(subject, profile, now, caller.name()));
        return assignment(subject, profile, now, caller.name());
    }

    private Assignment assignment(SubjectRef subject, PolicyProfile profile, Instant setAt, String setBy) {
        return new Assignment(subject, profile, profile != null ? profile : config.policyProfile(),
                config.policyProfile(), setAt, setBy);
    }
}
