package io.github.vdsoagent.metrics;

import io.github.vdsoagent.kernel.ClockCheck;
import io.github.vdsoagent.kernel.KernelCheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the Agent bean shows, taken from the session at a refresh.
 *
 * @param backend          the report's backend: ffm, jni or jvm
 * @param reads            vdso, syscall or jvm
 * @param clocksource      the kernel's clocksource, or "" when it cannot be read
 * @param clocks           each clock's verdict in the check the counts are judged by
 * @param sites            the call sites rewritten in this JVM
 * @param sessionStartTime the session's start, in ms since the epoch
 * @param options          the session's options, canonical
 */
public record AgentState(String backend, String reads, String clocksource, List<ClockVerdict> clocks, int sites,
                         long sessionStartTime, String options) {
    /** Before the first refresh. */
    static final AgentState NONE = new AgentState("jvm", "jvm", "", List.of(), 0, 0, "");

    public AgentState {
        clocks = List.copyOf(clocks);
    }

    /** The verdicts of a kernel check, one per clock; none for no check. */
    public static List<ClockVerdict> clocks(KernelCheck check) {
        List<ClockVerdict> clocks = new ArrayList<>();
        if (check != null) {
            for (ClockCheck clock : check.clocks()) {
                clocks.add(new ClockVerdict(clock.clock().name(), clock.verdict().word(),
                        clock.verdict().evidence().name().toLowerCase(Locale.ROOT), clock.verdict().kernelFraction(),
                        clock.verdict().why()));
            }
        }
        return clocks;
    }
}
