package io.github.vdsoagent.host;

/** Whether the JVM has begun to run its shutdown hooks: it then refuses new ones. */
public final class JvmShutdown {
    private JvmShutdown() {
    }

    public static boolean underway() {
        Thread probe = new Thread(new Nothing(), "vdso-agent-exit-test");
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        } catch (SecurityException e) {
            return false;
        }
    }

    /** A class, not a lambda: this may run on the exit path, where a lambda's first use spins a class. */
    private static final class Nothing implements Runnable {
        @Override
        public void run() {
        }
    }
}
