package dev.candor.consent.persistence;

import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.domain.Directive;
import dev.candor.consent.domain.DirectiveVersion;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class DirectiveRepository implements PanacheRepositoryBase<Directive, UUID> {

    /** The directive, locked until the transaction ends: versions of one directive are written one at a time. */
    public Optional<Directive> findForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Optional<DirectiveVersion> latestVersion(UUID directiveId) {
        return getEntityManager()
                .createQuery("from DirectiveVersion v where v.directive.id = ?1 order by v.version desc",
                        DirectiveVersion.class)
                .setParameter(1, directiveId)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }

    /** Every version of a directive, oldest first. */
    public List<DirectiveVersion> versions(UUID directiveId) {
        return getEntityManager()
                .createQuery("from DirectiveVersion v where v.directive.id = ?1 order by v.version",
                        DirectiveVersion.class)
                .setParameter(1, directiveId)
                .getResultList();
    }

    /**
     * For each directive of the subject, its latest version recorded by {@code asOf} (all versions when null), in
     * the order the directives were created. One query.
     */
    public List<DirectiveVersion> latestVersionsOf(SubjectType type, String subjectId, Instant asOf) {
        var query = getEntityManager()
                .createQuery("from DirectiveVersion v join fetch v.directive d where d.subjectType = ?1 "
                        + "and d.subjectId = ?2" + (asOf != null ? " and v.recordedAt <= ?3" : "")
                        + " order by d.createdAt, d.id, v.version desc", DirectiveVersion.class)
                .setParameter(1, type)
                .setParameter(2, subjectId);
        if (asOf != null) {
            query.setParameter(3, asOf);
        }
        List<DirectiveVersion> rows = query.getResultList();
        List<DirectiveVersion> latest = new ArrayList<>();
        for (DirectiveVersion row : rows) {
            if (latest.isEmpty() || !latest.get(latest.size() - 1).directive.id.equals(row.directive.id)) {
                latest.add(row);
            }
        }
        return latest;
    }

    public void persistVersion(DirectiveVersion version) {
        getEntityManager().persist(version);
    }
}
