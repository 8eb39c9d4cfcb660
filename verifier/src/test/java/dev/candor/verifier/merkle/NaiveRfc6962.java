package dev.candor.verifier.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 section 2.1, written as plainly as the RFC states it: MTH, PATH and PROOF by recursion over the leaf
 * list. Slow, obviously correct, and independent of the node-ID machinery under test.
 */
final class NaiveRfc6962 {

    private NaiveRfc6962() {
    }

    /** Largest power of two smaller than n (n > 1). */
    static int split(int n) {
        int k = 1;
        while (k << 1 < n) {
            k <<= 1;
        }
        return k;
    }

    /** MTH(D[from:to]), given the leaf hashes of D. */
    static byte[] mth(List<byte[]> leafHashes, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return Rfc6962.emptyRoot();
        }
        if (n == 1) {
            return leafHashes.get(from);
        }
        int k = split(n);
        return Rfc6962.nodeHash(mth(leafHashes, from, from + k), mth(leafHashes, from + k, to));
    }

    /** PATH(m, D[from:to]): the audit path of leaf m (relative to from). */
    static List<byte[]> path(List<byte[]> leafHashes, int m, int from, int to) {
        int n = to - from;
        List<byte[]> result = new ArrayList<>();
        if (n == 1) {
            return result;
        }
        int k = split(n);
        if (m < k) {
            result.addAll(path(leafHashes, m, from, from + k));
            result.add(mth(leafHashes, from + k, to));
        } else {
            result.addAll(path(leafHashes, m - k, from + k, to));
            result.add(mth(leafHashes, from, from + k));
        }
        return result;
    }

    /** PROOF(m, D[0:n]): the consistency proof from size m to size n. */
    static List<byte[]> proof(List<byte[]> leafHashes, int m, int n) {
        return subproof(leafHashes, m, 0, n, true);
    }

    private static List<byte[]> subproof(List<byte[]> leafHashes, int m, int from, int to, boolean complete) {
        int n = to - from;
        List<byte[]> result = new ArrayList<>();
        if (m == n) {
            if (!complete) {
                result.add(mth(leafHashes, from, to));
            }
            return result;
        }
        int k = split(n);
        if (m <= k) {
            result.addAll(subproof(leafHashes, m, from, from + k, complete));
            result.add(mth(leafHashes, from + k, to));
        } else {
            result.addAll(subproof(leafHashes, m - k, from + k, to, false));
            result.add(mth(leafHashes, from, from + k));
        }
        return result;
    }
}
