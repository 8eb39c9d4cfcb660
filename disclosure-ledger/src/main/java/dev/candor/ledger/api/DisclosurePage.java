package dev.candor.ledger.api;

import java.util.List;

/** One page of a keyset-paginated query: pass {@code next} as {@code after} to read on; null when done. */
public record DisclosurePage(List<DisclosureView> items, Long next) {
}
