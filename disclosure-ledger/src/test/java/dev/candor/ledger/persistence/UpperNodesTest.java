package dev.candor.ledger.persistence;

import dev.candor.verifier.merkle.NodeId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpperNodesTest {

    private static byte[] hash(int level, long index) {
        byte[] h = new byte[32];
        h[0] = (byte) level;
        for (int i = 0; i < 8; i++) {
            h[1 + i] = (byte) (index >>> (8 * i));
        }
        return h;
    }

    @Test
    void keepsOnlyItsLevelsAndGivesBackWhatWasPut() {
        UpperNodes nodes = new UpperNodes(4);
        nodes.put(new NodeId(3, 7), hash(3, 7));
        assertFalse(nodes.keeps(new NodeId(3, 7)));
        assertNull(nodes.get(new NodeId(3, 7)), "below the kept levels: never held");
        assertEquals(0, nodes.size());

        // across chunk borders, sparse, and on the highest level
        long[] indexes = {0, 1, 4095, 4096, 4097, 1_000_003, 70_000};
        for (long index : indexes) {
            nodes.put(new NodeId(4, index), hash(4, index));
        }
        nodes.put(new NodeId(63, 0), hash(63, 0));
        for (long index : indexes) {
            assertArrayEquals(hash(4, index), nodes.get(new NodeId(4, index)));
        }
        assertArrayEquals(hash(63, 0), nodes.get(new NodeId(63, 0)));
        assertNull(nodes.get(new NodeId(4, 2)), "a slot in an allocated chunk that was never filled");
        assertNull(nodes.get(new NodeId(4, 5_000_000)), "beyond every chunk");
        assertNull(nodes.get(new NodeId(5, 0)), "another level");
        assertEquals(indexes.length + 1, nodes.size());

        nodes.put(new NodeId(4, 4096), hash(4, 4096)); // the integrator and a database read may both put a node
        assertEquals(indexes.length + 1, nodes.size(), "the same node twice counts once");
        assertThrows(IllegalArgumentException.class, () -> nodes.put(new NodeId(4, 9), new byte[31]));
    }

    @Test
    void readersAndWritersAtOnceSeeEitherNothingOrTheRightHash() throws Exception {
        UpperNodes nodes = new UpperNodes(0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> work = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int offset = w;
            work.add(pool.submit(() -> {
                for (long i = offset; i < 200_000; i += 2) {
                    nodes.put(new NodeId(0, i), hash(0, i));
                }
                return true;
            }));
        }
        for (int r = 0; r < 2; r++) {
            work.add(pool.submit(() -> {
                Random random = new Random(42);
                for (int i = 0; i < 200_000; i++) {
                    long index = random.nextInt(200_000);
                    byte[] seen = nodes.get(new NodeId(0, index));
                    if (seen != null && !java.util.Arrays.equals(seen, hash(0, index))) {
                        return false;
                    }
                }
                return true;
            }));
        }
        for (Future<Boolean> f : work) {
            assertTrue(f.get());
        }
        pool.shutdown();
        assertEquals(200_000, nodes.size());
    }
}
