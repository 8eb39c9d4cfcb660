package dev.candor.ledger.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One subject's part of an entry about several people: who, how the entry concerns them, their decision. With
 * {@code ?proof=true} its salt too: SHA-256(salt ‖ canonical(part)) is one of the commitments in the entry's
 * {@code content.parts}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PartView(@Schema(type = SchemaType.OBJECT, description = "the part as committed to (canonicalise it to"
        + " check its commitment)") JsonNode part, String salt) {
}
