package dev.candor.consent.domain;

import java.util.UUID;

/** A directive version a decision rests on, as the ledger and the reports cite it. */
public record ConsentRef(UUID directiveId, int version, DirectiveKind kind) {

    static ConsentRef of(DirectiveSnapshot directive) {
        return new ConsentRef(directive.directiveId(), directive.version(), directive.kind());
    }
}
