package io.github.vdsoagent.agent;

import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.clock.ClockTiming;
import io.github.vdsoagent.clock.PathChoice;
import io.github.vdsoagent.report.ApiRow;
import io.github.vdsoagent.report.CoarseSection;
import io.github.vdsoagent.report.HostSection;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.vocabulary.TimeApi;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The report's coarse clocks section: per coarse API with calls, the clock its sites read (the coarse one once the
 * stub reads through a native path; the JVM's precise one before), its resolution, and the saving, estimated as
 * the calls times the measured difference between a precise and a coarse read of the vDSO function.
 */
final class CoarseReport {
    private CoarseReport() {
    }

    /** The clock a row's calls read: a coarse twin reads the precise clock while the stub takes the JVM's calls. */
    static ClockId clockRead(TimeApi api, ClockMode mode) {
        return api.isCoarse() && mode == ClockMode.JVM ? api.precise().clock() : api.clock();
    }

    /**
     * @param asked   the coarse= APIs; none: no section (null)
     * @param options the coarse= and coarseinclude= options as text
     * @param apis    the report's API rows
     */
    static CoarseSection build(Set<TimeApi> asked, String options, List<ApiRow> apis, HostSection host) {
        PathChoice backend = host.backend();
        return build(asked, options, apis, backend == null ? ClockMode.JVM : backend.effective(), backend == null
                ? "the agent is still setting up its clock path; until it has, every site reads the JVM's precise clock"
                : "the stub reads through the JVM's own calls, which have no coarse clock"
                        + (backend.reason() == null ? " (clock=jvm)" : ": " + backend.reason()), host.calibration());
    }

    /**
     * @param mode      what the stub reads through
     * @param jvmReason why it reads through the JVM's own calls, when it does
     */
    static CoarseSection build(Set<TimeApi> asked, String options, List<ApiRow> apis, ClockMode mode,
                               String jvmReason, Calibration timings) {
        if (asked.isEmpty()) {
            return null;
        }
        String whyNot = mode == ClockMode.JVM ? jvmReason : null;
        List<CoarseSection.Row> rows = new ArrayList<>();
        for (ApiRow row : apis) {
            TimeApi api = row.api();
            if (!api.isCoarse()) {
                continue;
            }
            ClockId read = clockRead(api, mode);
            Double coarseNs = cost(timings, api.clock(), mode);
            Double preciseNs = cost(timings, api.precise().clock(), mode);
            Long saved = whyNot == null && coarseNs != null && preciseNs != null
                    ? Math.round(row.calls() * (preciseNs - coarseNs)) : null;
            rows.add(new CoarseSection.Row(api, row.calls(), read.name(), resolution(timings, read), coarseNs,
                    preciseNs, saved));
        }
        Long tick = resolution(timings, ClockId.CLOCK_REALTIME_COARSE);
        return new CoarseSection(options, whyNot, tick != null ? tick : resolution(timings,
                ClockId.CLOCK_MONOTONIC_COARSE), List.copyOf(rows), asked.contains(TimeApi.NANO_TIME));
    }

    /**
     * One read's measured cost on the path the stub takes: the vDSO function's own, timed in C (the native call
     * around it costs every clock the same), or with clock=syscall the forced system call's.
     */
    static Double cost(Calibration timings, ClockId clock, ClockMode mode) {
        ClockTiming timing = timings == null ? null : timings.of(clock);
        if (timing == null) {
            return null;
        }
        return mode == ClockMode.SYSCALL ? timing.syscallNs() : timing.functionNs();
    }

    static Long resolution(Calibration timings, ClockId clock) {
        ClockTiming timing = timings == null ? null : timings.of(clock);
        return timing == null ? null : timing.resolutionNs();
    }
}
