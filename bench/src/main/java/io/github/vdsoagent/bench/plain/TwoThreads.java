package io.github.vdsoagent.bench.plain;

/**
 * Two platform threads calling one site at the same time (see {@link Team}); needs two free cores to mean anything.
 *
 * <p>Usage: {@code TwoThreads API [ROUNDS [CALLS [WARMUP_MS]]]}
 */
public final class TwoThreads {
    private TwoThreads() {
    }

    public static void main(String[] args) throws InterruptedException {
        new Team(Thread::new, 2).run(new Rounds("threads", Settings.parse(args)));
    }
}
