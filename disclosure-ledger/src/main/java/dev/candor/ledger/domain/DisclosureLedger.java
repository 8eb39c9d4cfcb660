package dev.candor.ledger.domain;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.security.Caller;
import dev.candor.ledger.api.DisclosureRequest;
import dev.candor.ledger.persistence.DisclosureStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Records disclosures and answers scoped queries over them. */
@ApplicationScoped
public class DisclosureLedger {

    /** How far in the future an occurredAt may lie: clocks of disclosing systems drift. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    @Inject
    DisclosureStore store;

    public RecordedDisclosure record(Caller caller, DisclosureRequest entry) {
        if (caller.orgId() == null && !caller.hasRole(Caller.ADMIN)) {
            throw ProblemException.forbidden("the disclosing client has no org_id claim");
        }
        Instant now = Instant.now();
        if (entry.occurredAt().isAfter(now.plus(CLOCK_SKEW))) {
            throw ProblemException.validation("occurredAt", "lies in the future");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entry.subjects().size(); i++) {
            DisclosureRequest.Subject s = entry.subjects().get(i);
            if (!seen.add(s.type() + ":" + s.id())) {
                throw ProblemException.validation("subjects[" + i + "]", "duplicate subject " + s.id());
            }
        }
        String org = caller.orgId() != null ? caller.orgId() : "admin-import";
        return store.append(new RecordedDisclosure(UUID.randomUUID(), 0, now, org, caller.name(), entry));
    }

    public Optional<RecordedDisclosure> find(Caller caller, UUID id) {
        return store.find(id, Visibility.of(caller));
    }

    public List<RecordedDisclosure> page(Caller caller, String subjectId, long after, int limit) {
        Visibility visibility = Visibility.of(caller);
        if (subjectId != null && !visibility.everything() && visibility.discloserOrg() == null
                && !visibility.patients().contains(subjectId) && !subjectId.equals(visibility.provider())) {
            throw ProblemException.forbidden("the caller may not query disclosures about " + subjectId);
        }
        return store.page(visibility, subjectId, after, limit);
    }
}
