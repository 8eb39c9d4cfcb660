package dev.candor.ledger.api;

import java.time.Instant;
import java.util.UUID;

/** A recorded disclosure: the entry as it was recorded, where it sits in the log, and who recorded it. */
public record DisclosureView(UUID id, long position, Instant recordedAt, String discloserOrg, String discloserClient,
                             DisclosureRequest entry) {
}
