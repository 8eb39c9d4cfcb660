package dev.candor.common.persistence;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeOrderedIdsTest {

    @Test
    void layoutFollowsRfc9562Example() {
        // RFC 9562 Appendix A.6: 017F22E2-79B0-7CC3-98C4-DC0C0C07398F was made at 0x017F22E279B0 ms.
        UUID id = TimeOrderedIds.at(0x017F22E279B0L);
        assertTrue(id.toString().startsWith("017f22e2-79b0-7"), id.toString());
        assertEquals(7, id.version());
        assertEquals(2, id.variant()); // the RFC 4122/9562 variant, bits 10
        assertEquals(0x017F22E279B0L, TimeOrderedIds.unixMillis(id));
        assertEquals(0x017F22E279B0L, TimeOrderedIds.unixMillis(UUID.fromString("017F22E2-79B0-7CC3-98C4-DC0C0C07398F")));
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnes() {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 1_000; i++) {
            UUID earlier = TimeOrderedIds.at(now + i);
            UUID later = TimeOrderedIds.at(now + i + 1);
            // PostgreSQL's uuid order is unsigned bytewise, which is the string order of the canonical form.
            assertTrue(earlier.toString().compareTo(later.toString()) < 0, earlier + " vs " + later);
        }
    }

    @Test
    void idsOfOneMillisecondDifferInTheirRandomBits() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(TimeOrderedIds.at(1_700_000_000_000L));
        }
        assertEquals(100_000, ids.size());
    }

    @Test
    void refusesTimesOutsideFortyEightBitsAndOtherVersions() {
        assertThrows(IllegalArgumentException.class, () -> TimeOrderedIds.at(-1));
        assertThrows(IllegalArgumentException.class, () -> TimeOrderedIds.at(1L << 48));
        assertThrows(IllegalArgumentException.class, () -> TimeOrderedIds.unixMillis(UUID.randomUUID()));
    }
}
