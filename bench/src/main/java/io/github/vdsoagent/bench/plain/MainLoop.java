package io.github.vdsoagent.bench.plain;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * A loop in {@code main}, as a first try at timing a clock would write it: the JIT compiles it on stack
 * replacement (OSR), and {@code main} is entered once. Each round is timed by {@link Rounds}, whose clock reads are
 * rewritten calls too, as the user's own timing would be.
 *
 * <p>Usage: {@code MainLoop API [ROUNDS [CALLS [WARMUP_MS]]]}
 */
public final class MainLoop {
    private MainLoop() {
    }

    public static void main(String[] args) {
        Rounds rounds = new Rounds("main", Settings.parse(args));
        long calls = rounds.calls();
        long sink = 0;
        switch (rounds.api()) {
            case NANO_TIME:
                do {
                    rounds.begin();
                    for (long i = 0; i < calls; i++) {
                        sink += System.nanoTime();
                    }
                } while (rounds.end());
                break;
            case CURRENT_TIME_MILLIS:
                do {
                    rounds.begin();
                    for (long i = 0; i < calls; i++) {
                        sink += System.currentTimeMillis();
                    }
                } while (rounds.end());
                break;
            case INSTANT_NOW:
                do {
                    rounds.begin();
                    for (long i = 0; i < calls; i++) {
                        sink += Instant.now().hashCode();
                    }
                } while (rounds.end());
                break;
            case LOCAL_DATE_TIME_NOW:
                do {
                    rounds.begin();
                    for (long i = 0; i < calls; i++) {
                        sink += LocalDateTime.now().hashCode();
                    }
                } while (rounds.end());
                break;
            default:
                throw new AssertionError(rounds.api());
        }
        rounds.report(sink);
    }
}
