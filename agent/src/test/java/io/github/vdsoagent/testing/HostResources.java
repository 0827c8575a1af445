package io.github.vdsoagent.testing;

/**
 * What on the host IT classes share, named for JUnit's {@code @ResourceLock}: a test that changes it holds it for
 * writing, a class whose JVMs depend on it holds it for reading, and the rest run beside both.
 */
public final class HostResources {
    /**
     * /proc/sys/kernel/perf_event_paranoid: the perf-denied tests set it to 3 for a while; every JVM that opens perf
     * counters ({@code kernelcheck=perf}, {@code perf stat}) would meet it.
     */
    public static final String PERF_EVENT_PARANOID = "perf_event_paranoid";

    private HostResources() {
    }
}
