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

    /** The provisions as JSON: read and written only through {@link DirectiveCodec}. */
    @Column(nullable = false)
    public String provisions;

    /** The 164.508(c) / 2.31(a) elements as JSON, through {@link DirectiveCodec}; null when none were given. */
    @Column(name = "authorization_elements")
    public String authorizationElements;

    /** When this version stops being in force by itself (the authorization's expiration date). */
    @Column(name = "expires_at")
    public Instant expiresAt;

    /** SHA-256 of the text the patient saw and signed; null for a revocation recorded without a signed text. */
    @Column(name = "text_sha256")
    public String textSha256;

    /** Why the directive was revoked, as the patient or delegate said; only on REVOKED versions. */
    @Column(name = "revocation_reason")
    public String revocationReason;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;

    @Column(name = "actor_role", nullable = false)
    public String actorRole;
}
