package io.github.vdsoagent.bench.plain;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * The same loop in a method that is called again and again, {@link #CHUNK} calls at a time: compiled as a method,
 * not on stack replacement, and inlined into its caller or not as the JIT decides, with and without the agent alike.
 *
 * <p>Usage: {@code HotMethod API [ROUNDS [CALLS [WARMUP_MS]]]}
 */
public final class HotMethod {
    static final int CHUNK = 1_000;

    private HotMethod() {
    }

    public static void main(String[] args) {
        Rounds rounds = new Rounds("hot", Settings.parse(args));
        if (rounds.calls() % CHUNK != 0) {
            throw new IllegalArgumentException("calls must be a multiple of " + CHUNK);
        }
        long chunks = rounds.calls() / CHUNK;
        long sink = 0;
        do {
            rounds.begin();
            for (long c = 0; c < chunks; c++) {
                sink += calls(rounds.api(), CHUNK);
            }
        } while (rounds.end());
        rounds.report(sink);
    }

    static long calls(Api api, int n) {
        switch (api) {
            case NANO_TIME:
                return nanoTimes(n);
            case CURRENT_TIME_MILLIS:
                return currentTimeMillises(n);
            case INSTANT_NOW:
                return instantNows(n);
            case LOCAL_DATE_TIME_NOW:
                return localDateTimeNows(n);
            default:
                throw new AssertionError(api);
        }
    }

    static long nanoTimes(int n) {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            sink += System.nanoTime();
        }
        return sink;
    }

    static long currentTimeMillises(int n) {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            sink += System.currentTimeMillis();
        }
        return sink;
    }

    static long instantNows(int n) {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            sink += Instant.now().hashCode();
        }
        return sink;
    }

    static long localDateTimeNows(int n) {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            sink += LocalDateTime.now().hashCode();
        }
        return sink;
    }
}
