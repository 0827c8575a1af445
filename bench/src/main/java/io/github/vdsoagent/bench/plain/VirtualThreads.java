package io.github.vdsoagent.bench.plain;

import java.util.concurrent.ThreadFactory;

/**
 * Two virtual threads calling one site at the same time (see {@link Team}), on the JDK's default scheduler: JDK 21
 * and later; on an older JDK the run prints a line saying it was skipped. Under the agent, each virtual thread
 * counts into the counts of the platform thread carrying it.
 *
 * <p>Usage: {@code VirtualThreads API [ROUNDS [CALLS [WARMUP_MS]]]}
 */
public final class VirtualThreads {
    private VirtualThreads() {
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings = Settings.parse(args);
        ThreadFactory factory = virtualThreadFactory();
        if (factory == null) {
            Rounds.skipped("virtual", settings, "JDK " + Runtime.version().feature() + " has no virtual threads");
            return;
        }
        new Team(factory, 2).run(new Rounds("virtual", settings));
    }

    /** {@code Thread.ofVirtual().factory()} (JDK 21+), through reflection since this code compiles for 17. */
    static ThreadFactory virtualThreadFactory() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
