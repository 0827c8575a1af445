package io.github.vdsoagent.bench.apps;

/**
 * The exit-time figure's application: reads the clock a few times (an application's first time calls, which link
 * the agent's counting, are not its exit), lives the given ms (past the agent's set-up, so its checks have run), then
 * prints {@code System.nanoTime()} as its last act before main returns. The JVM's exit starts there; the parent
 * ({@link ExitTime}) stamps the moment the process is gone on the same clock (CLOCK_MONOTONIC is one clock for all
 * processes of a host), so the difference is the exit alone, whatever start-up cost. With
 * {@code -Dexitstamp.halt=true} main ends with {@code Runtime.halt(0)}, as some servers and test runners do.
 */
public final class ExitStamp {
    private ExitStamp() {
    }

    public static void main(String[] args) throws InterruptedException {
        long start = 0;
        for (int i = 0; i < 3; i++) { // the first time calls: under the agent they link the stub's counting paths
            start = System.nanoTime();
        }
        Thread.sleep(Long.parseLong(args[0]));
        long end = System.nanoTime();
        System.out.println(end > start ? end : start);
        System.out.flush();
        if (Boolean.getBoolean("exitstamp.halt")) {
            Runtime.getRuntime().halt(0); // no exit hook runs: what is left running is the exit's to wait for
        }
    }
}
