package dev.candor.consent.domain;

import dev.candor.common.vocabulary.SubjectType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A consent directive of one subject; its content lives in its versions. */
@Entity
@Table(name = "directive")
public class Directive {

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    @Column(name = "subject_type", nullable = false)
    public SubjectType subjectType;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DirectiveKind kind;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
