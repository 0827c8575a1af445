package io.github.vdsoagent.agent;

import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.clock.PathChoice;
import io.github.vdsoagent.host.Clocksource;
import io.github.vdsoagent.jfr.EventSource;
import io.github.vdsoagent.kernel.ClockCheck;
import io.github.vdsoagent.kernel.KernelCheck;
import io.github.vdsoagent.kernel.Verdict;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.vocabulary.TimeApi;

import java.util.List;

/**
 * What a session's JFR events say: its counts and sites, and each API's verdict judged as the report judges it
 * ({@link ReportBuilder#verdict}), from the last kernel check rather than a probe per event.
 */
final class SessionEventSource implements EventSource {
    private final Session session;

    SessionEventSource(Session session) {
        this.session = session;
    }

    @Override
    public long[] counts() {
        return session.countsForEvents();
    }

    @Override
    public long[] windowStart() {
        return session.windowStart();
    }

    @Override
    public List<CallSite> sites() {
        return session.sites().sites();
    }

    @Override
    public CallSite site(int id) {
        return session.sites().site(id);
    }

    @Override
    public Verdicts verdicts() {
        return new Judged(session.checkForEvents(), session.clockPath().reads(), Clocksource.read(), session.timings());
    }

    @Override
    public Facts facts() {
        PathChoice choice = session.clockChoice();
        long vdsoBase = choice != null && choice.vdso() != null ? choice.vdso().base() : 0;
        return new Facts(session.clockPath().reportName(), Clocksource.read().current(), vdsoBase,
                session.options().toString(), session.sites().size());
    }

    /** One check's verdicts, per API as the report's rows have them. */
    private static final class Judged implements Verdicts {
        private final KernelCheck check;
        private final ClockMode mode;
        private final Clocksource clocksource;
        private final Calibration timings;

        Judged(KernelCheck check, ClockMode mode, Clocksource clocksource, Calibration timings) {
            this.check = check;
            this.mode = mode;
            this.clocksource = clocksource;
            this.timings = timings;
        }

        @Override
        public Verdict of(TimeApi api) {
            return ReportBuilder.verdict(api, check, mode, clocksource, timings);
        }

        @Override
        public List<ClockCheck> clocks() {
            return check.clocks();
        }
    }
}
