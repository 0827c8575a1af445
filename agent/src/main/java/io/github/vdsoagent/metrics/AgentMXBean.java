package io.github.vdsoagent.metrics;

/**
 * The agent's state in this JVM, for JMX clients: {@code io.github.vdsoagent:type=Agent}. Registered while a
 * session counts; its attributes are the report's, as of the last refresh.
 */
public interface AgentMXBean {
    /** The path rewritten calls read the clock through: {@code ffm}, {@code jni} or {@code jvm} (the JVM's own). */
    String getBackend();

    /** What those reads go through: {@code vdso}, {@code syscall} or {@code jvm}. */
    String getReads();

    /** The kernel's clocksource now ({@code tsc}, {@code kvm-clock}, {@code hpet}, ...). */
    String getClocksource();

    /** Each clock's verdict in the kernel check the counts are judged by; empty before the first check. */
    ClockVerdict[] getClocks();

    /** How many call sites the agent has rewritten in this JVM. */
    int getSites();

    /** When the session began counting (or a profile's window), in milliseconds since the epoch. */
    long getSessionStartTime();

    /** The session's options, in their canonical form. */
    String getOptions();
}
