package io.github.vdsoagent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code vdsoagent.TimeCallSample}: one sampled time call ({@code stacks=}) with the stack that made it, written by
 * {@link SampleEvents} on the calling thread.
 */
@Name("vdsoagent.TimeCallSample")
@Label("Time Call Sample")
@Category("vdso-agent")
@Description("A sampled time call and the stack trace that made it")
@StackTrace(true)
final class TimeCallSampleEvent extends jdk.jfr.Event {
    @Label("API")
    String api;

    @Label("Clock")
    String clock;

    @Label("Class")
    String className;

    @Label("Method")
    String methodName;

    @Label("Line")
    int lineNumber;
}
