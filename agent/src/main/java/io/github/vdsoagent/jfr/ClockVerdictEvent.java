package io.github.vdsoagent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** {@code vdsoagent.ClockVerdict}: one clock's kernel-check verdict, at the start and end of every chunk. */
@Name("vdsoagent.ClockVerdict")
@Label("Clock Verdict")
@Category("vdso-agent")
@Description("Whether reads of a clock stay in user space (the vDSO) or enter the kernel, and how the agent knows")
@Period("everyChunk")
@StackTrace(false)
final class ClockVerdictEvent extends jdk.jfr.Event {
    @Label("Clock")
    @Description("The clock id's name, such as CLOCK_REALTIME")
    String clock;

    @Label("Verdict")
    @Description("vdso, kernel or partial")
    String verdict;

    @Label("Evidence")
    @Description("measured (a probe under a seccomp filter, or the kernel's counters) or inferred")
    String evidence;

    @Label("vDSO ns")
    @Description("A read through the vDSO, in nanoseconds, timed as the agent set up; NaN when not timed")
    double vdsoNs;

    @Label("Syscall ns")
    @Description("A read through the system call, in nanoseconds, timed as the agent set up; NaN when not timed")
    double syscallNs;
}
