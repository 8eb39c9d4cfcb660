package dev.candor.consent.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One immutable version of a directive: who acted, when, what the provisions were, the hash of the signed text. */
@Entity
@Table(name = "directive_version")
public class DirectiveVersion {

    @Id
    public UUID id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "directive_id")
    public Directive directive;

    @Column(nullable = false)
    public int version;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DirectiveStatus status;

    /** The provisions as JSON: read and written only through {@link ProvisionCodec}. */
    @Column(nullable = false)
    public String provisions;

    @Column(name = "text_sha256", nullable = false)
    public String textSha256;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;

    @Column(name = "actor_role", nullable = false)
    public String actorRole;
}
