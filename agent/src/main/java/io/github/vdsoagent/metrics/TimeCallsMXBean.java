package io.github.vdsoagent.metrics;

/**
 * One time API's calls over the agent's life in this JVM, for JMX exporters:
 * {@code io.github.vdsoagent:type=TimeCalls,api=<the report's API name>}. The three counts only grow, across
 * sessions, and {@code Calls = AvoidedKernel + EnteredKernel} in every read of one bean.
 */
public interface TimeCallsMXBean {
    /** The API's calls counted since the agent was loaded. */
    long getCalls();

    /** Those that stayed in user space, by the kernel check's verdict on the API's clock when they were counted. */
    long getAvoidedKernel();

    /** Those that entered the kernel, by the same verdicts. */
    long getEnteredKernel();

    /** Those of the calls that read a coarse clock ({@code coarse=}); 0 when none was asked for. */
    long getCoarseCalls();

    /** The clock the API reads ({@code CLOCK_REALTIME}, ...), or what the JDK reads instead: the report's clock. */
    String getClock();
}
