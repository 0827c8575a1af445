package io.github.vdsoagent.bench.apps;

/** The JMX cost figure's application: lives the given ms (past the agent's set-up), doing nothing, then exits. */
public final class Idle {
    private Idle() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.parseLong(args[0]));
    }
}
