package dev.candor.consent.persistence;

import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.domain.SubjectRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads kept decisions back: what a citation (a request's id or one subject's) points at. */
@ApplicationScoped
public class KeptDecisions {

    /**
     * A kept decision request, found by its own id or by the id of one of its subjects' decisions.
     *
     * @param requesterSubject the token subject ({@code sub}) of whoever asked
     * @param subjects         every subject the request named
     * @param answer           the answer as it was sent (JSON)
     */
    public record Kept(UUID requestId, String requesterSubject, List<SubjectRef> subjects, String answer) {
    }

    private static final String REQUEST = """
            SELECT r.id, r.requester_subject, r.document
              FROM decision d JOIN decision r ON r.id = d.overall_id
             WHERE d.id = ?
            """;

    private static final String SUBJECTS = """
            SELECT subject_type, subject_id FROM decision WHERE overall_id = ? AND subject_id IS NOT NULL
            """;

    @Inject
    Jdbc jdbc;

    public Optional<Kept> find(UUID id) {
        List<Kept> requests = jdbc.query("a decision", REQUEST, (c, ps) -> ps.setObject(1, id),
                rs -> new Kept(rs.getObject(1, UUID.class), rs.getString(2), List.of(), rs.getString(3)));
        if (requests.isEmpty()) {
            return Optional.empty();
        }
        Kept request = requests.get(0);
        List<SubjectRef> subjects = jdbc.query("a decision's subjects", SUBJECTS,
                (c, ps) -> ps.setObject(1, request.requestId()),
                rs -> new SubjectRef(SubjectType.valueOf(rs.getString(1)), rs.getString(2)));
        return Optional.of(new Kept(request.requestId(), request.requesterSubject(), subjects, request.answer()));
    }
}
