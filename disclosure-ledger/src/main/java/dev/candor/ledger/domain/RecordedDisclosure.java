package dev.candor.ledger.domain;

import dev.candor.ledger.api.DisclosureRequest;

import java.time.Instant;
import java.util.UUID;

/** A disclosure as the ledger holds it. The entry is kept exactly as recorded (it is never changed). */
public record RecordedDisclosure(UUID id, long position, Instant recordedAt, String discloserOrg,
                                 String discloserClient, DisclosureRequest entry) {
}
