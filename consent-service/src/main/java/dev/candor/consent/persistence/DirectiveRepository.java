package dev.candor.consent.persistence;

import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.domain.Directive;
import dev.candor.consent.domain.DirectiveVersion;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class DirectiveRepository implements PanacheRepositoryBase<Directive, UUID> {

    public List<Directive> ofSubject(SubjectType type, String subjectId) {
        return list("subjectType = ?1 and subjectId = ?2 order by createdAt", type, subjectId);
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

    public void persistVersion(DirectiveVersion version) {
        getEntityManager().persist(version);
    }
}
