package dev.candor.ledger.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One page of a keyset-paginated query: pass {@code next} as {@code after} to read on; null when done. {@code next}
 * is written first, so that a client reading the page as a stream (report-service) can ask for the next page before it
 * has read this one's items.
 */
@JsonPropertyOrder({"next", "items"})
public record DisclosurePage(List<DisclosureView> items, Long next) {
}
