package io.github.vdsoagent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * {@code vdsoagent.TimeCalls}: one call site's calls since its previous event. Its names and fields are a contract
 * (docs/jfr.md): users query them; later versions add fields, never rename them.
 */
@Name("vdsoagent.TimeCalls")
@Label("Time Calls")
@Category("vdso-agent")
@Description("The calls of one rewritten time call site since its previous event, split by whether they entered the"
        + " kernel, as its clock's verdict says")
@Period("1 s")
@StackTrace(false)
final class TimeCallsEvent extends jdk.jfr.Event {
    @Label("API")
    @Description("The time API called, as the report names it, such as java.lang.System.nanoTime")
    String api;

    @Label("Clock")
    @Description("The clock the API reads, such as CLOCK_MONOTONIC")
    String clock;

    @Label("Class")
    @Description("The class of the call site, a binary name with dots")
    String className;

    @Label("Method")
    String methodName;

    @Label("Line")
    @Description("The source line of the call, -1 when the class has no line numbers")
    int lineNumber;

    @Label("Calls")
    @Description("Calls at this site since its previous event")
    long calls;

    @Label("Avoided Kernel")
    @Description("Of those, the calls that stayed in user space")
    long avoidedKernel;

    @Label("Entered Kernel")
    @Description("Of those, the calls that entered the kernel")
    long enteredKernel;
}
