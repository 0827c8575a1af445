package io.github.vdsoagent.bench.calls;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Checks, in a benchmark's JVM before anything is timed, that the agent is in the state the run asked for
 * ({@code -Dbench.agent=none|vdso|jvm|syscall}): absent, or present with its call sites rewritten and the clock
 * backend switched. Reads the agent's boot-loader classes ({@code ClockBackend.mode()},
 * {@code CallCounter.trackedThreads()}) by reflection: public methods, read only.
 */
public final class AgentProbe {
    private static final String BACKEND = "io.github.vdsoagent.boot.ClockBackend";
    private static final String COUNTER = "io.github.vdsoagent.boot.CallCounter";
    private static final String PATH_READS = "io.github.vdsoagent.boot.PathReads";
    private static final String[] MODES = {"jvm", "jni", "syscall", "ffm"};
    private static final long WAIT_MS = 20_000;

    private AgentProbe() {
    }

    /** Throws if the JVM is not as {@code bench.agent} says; returns the backend's name ("none" without agent). */
    public static String check() {
        String expected = System.getProperty("bench.agent", "none");
        Class<?> backend = bootClass(BACKEND);
        if (expected.equals("none")) {
            if (backend != null) {
                throw new IllegalStateException("bench.agent=none but the agent is loaded");
            }
            return "none";
        }
        if (backend == null) {
            throw new IllegalStateException("bench.agent=" + expected + " but the agent is not loaded");
        }
        // One rewritten call, then the counter must track this thread.
        long t = System.nanoTime();
        if (trackedThreads() < 1) {
            throw new IllegalStateException("the agent is loaded but this class's calls are not counted (t=" + t + ")");
        }
        return awaitBackend(expected, backend);
    }

    /**
     * Waits until the agent's clock setup has switched the stub to the path {@code bench.agent} asks for (it runs
     * in the background, and a JVM that exits before it is done never leaves the JVM's own calls); returns its name.
     */
    public static String awaitBackend() {
        String expected = System.getProperty("bench.agent", "none");
        Class<?> backend = bootClass(BACKEND);
        if (backend == null) {
            throw new IllegalStateException("bench.agent=" + expected + " but the agent is not loaded");
        }
        return awaitBackend(expected, backend);
    }

    /**
     * The backend's name once the JVM is as {@code bench.agent} says ("none" without the agent), or null while the
     * agent's background set-up has not yet switched the stub to the path asked for. Does not wait; throws if the
     * agent is absent where asked for, or present where not.
     */
    public static String readyBackend() {
        String expected = System.getProperty("bench.agent", "none");
        Class<?> backend = bootClass(BACKEND);
        if (expected.equals("none") != (backend == null)) {
            throw new IllegalStateException("bench.agent=" + expected + " but the agent is "
                    + (backend == null ? "not loaded" : "loaded"));
        }
        return backend == null ? "none" : readyMode(expected, backend);
    }

    private static String readyMode(String expected, Class<?> backend) {
        String mode = MODES[mode(backend)];
        boolean ready = expected.equals("jvm") ? mode.equals("jvm")
                : expected.equals("syscall") ? mode.equals("syscall")
                : mode.equals("jni") || mode.equals("ffm");
        return ready ? mode : null;
    }

    private static String awaitBackend(String expected, Class<?> backend) {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (true) {
            String ready = readyMode(expected, backend);
            if (ready != null) {
                return ready;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("clock=" + expected + " asked for, but after " + WAIT_MS + " ms the stub"
                        + " still reads through " + MODES[mode(backend)] + " (JDK 24+ without --enable-native-access?)");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static int trackedThreads() {
        try {
            return (int) bootClass(COUNTER).getMethod("trackedThreads").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int mode(Class<?> backend) {
        try {
            return (int) backend.getMethod("mode").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static Class<?> bootClass(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** {@code PathReads.readVdso(int)}: the agent's JNI read alone, without counting; null without the agent. */
    static MethodHandle readVdsoHandle() {
        return backendRead("readVdso");
    }

    /**
     * {@code PathReads.readFfm(int)}: the agent's FFM downcall alone (JDK 22+), without counting; null without
     * the agent.
     */
    static MethodHandle readFfmHandle() {
        return backendRead("readFfm");
    }

    private static MethodHandle backendRead(String name) {
        Class<?> reads = bootClass(PATH_READS);
        if (reads == null) {
            return null;
        }
        try {
            return MethodHandles.publicLookup().findStatic(reads, name, MethodType.methodType(long.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
