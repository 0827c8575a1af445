package io.github.vdsoagent.flame;

import java.util.Arrays;

/**
 * Splits a whole number into parts proportional to given shares, exactly: the parts sum to the whole (largest
 * remainder; ties go to the earlier share). Exact in 64-bit arithmetic while the shares sum to less than 2^31.
 */
final class Apportion {
    static final long MAX_SHARES = Integer.MAX_VALUE;

    private Apportion() {
    }

    /** {@code whole} split in proportion to {@code shares} (each at least 0, their sum from 1 to {@link #MAX_SHARES}). */
    static long[] of(long whole, long[] shares) {
        long sum = 0;
        for (long share : shares) {
            sum += share;
        }
        if (sum <= 0 || sum > MAX_SHARES) {
            throw new IllegalArgumentException("shares sum to " + sum);
        }
        long[] parts = new long[shares.length];
        // remainder (< 2^31) above, index below: sorting these longs orders by remainder, then by index
        long[] byRemainder = new long[shares.length];
        long quotient = whole / sum;
        long rest = whole % sum;
        long given = 0;
        for (int i = 0; i < shares.length; i++) {
            long fraction = rest * shares[i]; // both below 2^31
            parts[i] = quotient * shares[i] + fraction / sum;
            byRemainder[i] = (fraction % sum) << 32 | (Integer.MAX_VALUE - i);
            given += parts[i];
        }
        Arrays.sort(byRemainder);
        for (long left = whole - given, k = shares.length - 1; left > 0; left--, k--) {
            parts[Integer.MAX_VALUE - (int) (byRemainder[(int) k] & 0xFFFF_FFFFL)]++;
        }
        return parts;
    }
}
