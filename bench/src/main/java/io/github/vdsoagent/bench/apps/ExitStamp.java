package io.github.vdsoagent.bench.apps;

/**
 * The exit-time figure's application: lives the given ms (past the agent's set-up, so its checks have run), then
 * prints {@code System.nanoTime()} as its last act before main returns. The JVM's exit starts there; the parent
 * ({@link ExitTime}) stamps the moment the process is gone on the same clock (CLOCK_MONOTONIC is one clock for all
 * processes of a host), so the difference is the exit alone, whatever start-up cost.
 */
public final class ExitStamp {
    private ExitStamp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.parseLong(args[0]));
        System.out.println(System.nanoTime());
        System.out.flush();
    }
}
