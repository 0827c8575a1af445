package io.github.vdsoagent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** {@code vdsoagent.Session}: the agent's session, as its events began, at detach and at the end of every chunk. */
@Name("vdsoagent.Session")
@Label("Session")
@Category("vdso-agent")
@Description("The vdso-agent session counting this JVM's time calls: how it reads the clocks, and with which options")
@Period("endChunk")
@StackTrace(false)
final class SessionEvent extends jdk.jfr.Event {
    @Label("Backend")
    @Description("What the rewritten calls read the clock through: jni or ffm (the vDSO), or jvm (the JVM's own calls)")
    String backend;

    @Label("Clocksource")
    @Description("The kernel's current clocksource, such as tsc")
    String clocksource;

    @Label("vDSO Base")
    @Description("Where the vDSO is mapped in this process; 0 when not resolved")
    @MemoryAddress
    long vdsoBase;

    @Label("Options")
    @Description("The session's agent options, in their canonical form")
    String options;

    @Label("Sites")
    @Description("The call sites rewritten so far")
    int sites;
}
