package io.github.vdsoagent.demo;

import java.io.PrintStream;
import java.util.Locale;

/** The demo's output: compact, because the agent's own report follows it. */
final class Report {
    private Report() {
    }

    static void print(Options options, RunResult result, PrintStream out) {
        String what = options.isTimed()
                ? "called in rounds for " + duration(options.runForNanos)
                : String.format(Locale.ROOT, "x %,d calls", options.iterations);
        out.printf(Locale.ROOT, "demo-app: %d time API%s %s on %d thread%s (Java %s, now(ZoneId) in %s)%n",
                result.apis.size(), plural(result.apis.size()), what, options.threads, plural(options.threads),
                System.getProperty("java.version"), TimeApi.ZONE);

        int width = 0;
        for (ApiLoop api : result.apis) {
            width = Math.max(width, api.apiName().length());
        }
        boolean anyKernel = false;
        for (int i = 0; i < result.apis.size(); i++) {
            ApiLoop api = result.apis.get(i);
            anyKernel |= api.alwaysEntersKernel();
            long calls = result.calls[i];
            String perCall = calls == 0 ? "-" : String.format(Locale.ROOT, "%.1f", (double) result.nanos[i] / calls);
            out.printf(Locale.ROOT, "%s %-" + width + "s %,13d calls %9s ns/call%n",
                    api.alwaysEntersKernel() ? "*" : " ", api.apiName(), calls, perCall);
        }

        out.printf(Locale.ROOT, "checksum %016x (every result folded in: the JIT cannot drop a call); wall %.3f s%n",
                result.checksum, result.wallNanos / 1e9);
        out.printf(Locale.ROOT, "not in the table: %,d System.nanoTime reads by the stopwatch timing the loops"
                + " (Stopwatch.java)%n", result.stopwatchReads);
        out.println("vDSO clocks are read in user space: strace sees no clock_gettime, like the seed's"
                + " 'strace ./a.out | grep gettime'.");
        if (anyKernel) {
            out.println("* always enters the kernel: the vDSO does not serve thread CPU clocks,"
                    + " and user time is read from /proc.");
        }
    }

    private static String plural(int count) {
        return count == 1 ? "" : "s";
    }

    /** A --run-for value as the user would write it. */
    static String duration(long nanos) {
        long[] units = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L};
        String[] names = {"h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (nanos % units[i] == 0) {
                return nanos / units[i] + names[i];
            }
        }
        return nanos + "ns";
    }
}
