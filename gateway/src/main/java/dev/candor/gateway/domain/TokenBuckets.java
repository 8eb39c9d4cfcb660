package dev.candor.gateway.domain;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets by key: each key may spend {@code burst} requests at once and earns {@code perSecond} back.
 * In memory, per gateway instance (with N replicas a caller may get up to N times the limit; see docs/gateway.md).
 */
public final class TokenBuckets {

    private final double perSecond;
    private final int burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(double perSecond, int burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes one token for {@code key}: 0 when granted, otherwise the nanoseconds until one will be there. */
    public long take(String key, long nowNanos) {
        return buckets.computeIfAbsent(key, k -> new Bucket(burst, nowNanos)).take(nowNanos);
    }

    /** Forgets buckets that are full again (their callers went quiet): they would be created full anyway. */
    public void sweep(long nowNanos) {
        buckets.values().removeIf(b -> b.isFull(nowNanos));
    }

    public int size() {
        return buckets.size();
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond * TimeUnit.SECONDS.toNanos(1)));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            if (now > refilledAt) {
                tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
                refilledAt = now;
            }
        }
    }
}
