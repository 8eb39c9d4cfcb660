package dev.candor.consent.domain;

import dev.candor.common.security.Caller;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.config.ConsentConfig;
import dev.candor.consent.persistence.SubjectConsentCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A patient's current consent status: which recipients, categories and purposes their directives permit or deny
 * right now, and the policy profile that decides where no directive speaks — without directive ids, versions,
 * history or signed texts, so that therapists and disclosers with a relation can see it (issue 4 item 6).
 */
@ApplicationScoped
public class ConsentStatusService {

    @Inject
    SubjectConsentCache consents;

    @Inject
    ConsentConfig config;

    @Inject
    SubjectAccess access;

    /**
     * One provision in force now.
     *
     * @param until      when it stops by itself (the provision's end or its directive's expiry, whichever is first)
     * @param dataPeriod the data it is limited to; null for all data
     */
    public record Entry(DirectiveKind kind, Set<String> recipientIds, Set<RecipientType> recipientTypes,
                        Set<DataCategory> categories, Set<Purpose> purposes, Instant until, DataPeriod dataPeriod) {
    }

    public record Status(String patientId, Instant asOf, PolicyProfile policyProfile, List<Entry> permitted,
                         List<Entry> denied) {
    }

    public Status of(Caller caller, String patientId) {
        SubjectRef subject = new SubjectRef(SubjectType.PATIENT, patientId);
        access.requireMayAskAbout(caller, List.of(subject));
        Instant now = Instant.now();
        List<Entry> permitted = new ArrayList<>();
        List<Entry> denied = new ArrayList<>();
        SubjectConsentCache.AtTime state = consents.at(List.of(subject), now);
        for (DirectiveSnapshot directive : state.directives().getOrDefault(subject, List.of())) {
            for (Provision p : directive.provisions()) {
                if ((p.validFrom() != null && now.isBefore(p.validFrom()))
                        || (p.validUntil() != null && !now.isBefore(p.validUntil()))) {
                    continue;
                }
                Instant until = p.validUntil() == null ? directive.expiresAt()
                        : directive.expiresAt() == null || p.validUntil().isBefore(directive.expiresAt())
                        ? p.validUntil() : directive.expiresAt();
                (p.effect() == Provision.Effect.PERMIT ? permitted : denied).add(new Entry(directive.kind(),
                        p.recipientIds(), p.recipientTypes(), p.categories(), p.purposes(), until, p.dataPeriod()));
            }
        }
        PolicyProfile profile = state.profiles().getOrDefault(subject, config.policyProfile());
        return new Status(patientId, now, profile, permitted, denied);
    }
}
