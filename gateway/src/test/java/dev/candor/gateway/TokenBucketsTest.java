package dev.candor.gateway;

import dev.candor.gateway.domain.TokenBuckets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstIsGrantedThenTheRateAndTheWaitIsExact() {
        TokenBuckets buckets = new TokenBuckets(2, 3);
        long t = 1_000 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("alice", t)).isZero();
        }
        assertThat(buckets.take("alice", t)).isEqualTo(SECOND / 2);
        assertThat(buckets.take("alice", t + SECOND / 4)).isEqualTo(SECOND / 4);
        assertThat(buckets.take("alice", t + SECOND / 2)).isZero();
        assertThat(buckets.take("bob", t)).as("each key has its own bucket").isZero();
    }

    @Test
    void quietKeysAreSweptOnceTheirBucketIsFullAgain() {
        TokenBuckets buckets = new TokenBuckets(10, 10);
        buckets.take("alice", 0);
        buckets.take("bob", 0);
        buckets.sweep(SECOND / 100);
        assertThat(buckets.size()).isEqualTo(2);
        buckets.sweep(SECOND);
        assertThat(buckets.size()).isZero();
    }
}
