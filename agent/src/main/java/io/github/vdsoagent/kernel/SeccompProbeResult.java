package io.github.vdsoagent.kernel;

import io.github.vdsoagent.vocabulary.ClockId;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one seccomp probe gave: per clock asked for, and for the vDSO's gettimeofday and time where it has them, a
 * {@link SeccompReading}; or, when the probe could not run at all, why not.
 */
public final class SeccompProbeResult {
    private final String reason;
    private final List<SeccompReading> clocks;
    private final Map<TimeSyscall, SeccompReading> functions;
    private final long childPid;

    private SeccompProbeResult(String reason, List<SeccompReading> clocks, Map<TimeSyscall, SeccompReading> functions,
                               long childPid) {
        this.reason = reason;
        this.clocks = clocks;
        this.functions = functions;
        this.childPid = childPid;
    }

    static SeccompProbeResult unavailable(String reason) {
        return new SeccompProbeResult(reason, List.of(), Map.of(), 0);
    }

    /**
     * @param clocks    one reading per clock, in the order asked
     * @param functions readings of gettimeofday and time, where the vDSO has them
     * @param childPid  the pid of the child process the probe ran in (reaped by now)
     */
    static SeccompProbeResult ran(List<SeccompReading> clocks, Map<TimeSyscall, SeccompReading> functions,
                                  long childPid) {
        Map<TimeSyscall, SeccompReading> copy = new EnumMap<>(TimeSyscall.class);
        copy.putAll(functions);
        return new SeccompProbeResult(null, List.copyOf(clocks), Collections.unmodifiableMap(copy), childPid);
    }

    /** Whether the probe ran; if not, {@link #reason()} says why and there are no readings. */
    public boolean available() {
        return reason == null;
    }

    /** Why the probe could not run, in words for the report; null when it ran. */
    public String reason() {
        return reason;
    }

    /** One reading per clock asked for (duplicates dropped), in order; empty when the probe did not run. */
    public List<SeccompReading> clocks() {
        return clocks;
    }

    /** The reading of {@code clock}, or null if it was not asked for or the probe did not run. */
    public SeccompReading clock(ClockId clock) {
        for (SeccompReading reading : clocks) {
            if (reading.clock() == clock) {
                return reading;
            }
        }
        return null;
    }

    /**
     * The reading of the vDSO's gettimeofday or time ({@link TimeSyscall#GETTIMEOFDAY}, {@link TimeSyscall#TIME});
     * null where this vDSO lacks the function (time on arm64 and riscv64) or the probe did not run.
     */
    public SeccompReading function(TimeSyscall function) {
        return functions.get(function);
    }

    /**
     * The pid of the short-lived child process the probe ran in, which has been reaped when this is returned; 0 if
     * the probe did not run.
     */
    public long probeChildPid() {
        return childPid;
    }

    @Override
    public String toString() {
        if (reason != null) {
            return "seccomp probe unavailable: " + reason;
        }
        StringBuilder text = new StringBuilder("seccomp probe in child process ").append(childPid);
        for (SeccompReading reading : clocks) {
            text.append("\n  ").append(reading);
        }
        for (SeccompReading reading : functions.values()) {
            text.append("\n  ").append(reading);
        }
        return text.toString();
    }
}
