package io.github.vdsoagent.bench.plain;

/**
 * One run of a case: which API, how many measured rounds of how many calls each, and the least warm-up before
 * them (long enough for the agent's set-up, which starts 1 s after the JVM and switches the clock path).
 *
 * <p>Arguments: {@code API [ROUNDS [CALLS [WARMUP_MS]]]}, for example {@code nanoTime 5 10000000 2500}.
 */
record Settings(Api api, int rounds, long calls, long warmupMs) {
    static final int ROUNDS = 5;
    static final long CALLS = 10_000_000L;
    static final long WARMUP_MS = 2_500L;

    static Settings parse(String[] args) {
        if (args.length < 1 || args.length > 4) {
            throw new IllegalArgumentException("usage: API [ROUNDS [CALLS [WARMUP_MS]]]");
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : ROUNDS;
        long calls = args.length > 2 ? Long.parseLong(args[2]) : CALLS;
        long warmupMs = args.length > 3 ? Long.parseLong(args[3]) : WARMUP_MS;
        if (rounds < 1 || calls < 1 || warmupMs < 0) {
            throw new IllegalArgumentException("rounds and calls must be positive, the warm-up not negative");
        }
        return new Settings(Api.named(args[0]), rounds, calls, warmupMs);
    }
}
