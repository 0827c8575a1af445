package io.github.vdsoagent.jfr;

import io.github.vdsoagent.kernel.ClockCheck;
import io.github.vdsoagent.kernel.Verdict;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.vocabulary.TimeApi;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Writes the events from the session's counts and verdicts. One lock: JFR calls the periodic hooks on its periodic
 * thread and the chunk-end hooks on whichever thread ends a chunk, and a detach writes the last ones on its own, so
 * that every call is in exactly one TimeCalls event. After {@link #close} it writes nothing.
 */
final class Emitter {
    private final EventSource source;
    private SiteDeltas deltas;
    /** Each site's method name, built once: the same String each time lets JFR pool it. */
    private String[] methodNames = new String[0];
    private boolean closed;

    Emitter(EventSource source, long[] base) {
        this.source = source;
        this.deltas = new SiteDeltas(base);
    }

    /** One TimeCalls event per site called since its previous event. */
    synchronized void timeCalls() {
        if (closed || !new TimeCallsEvent().isEnabled()) {
            return;
        }
        long[] since = deltas.advanceTo(source.counts());
        EventSource.Verdicts verdicts = null;
        List<CallSite> sites = null;
        for (int id = 0; id < since.length; id++) {
            if (since[id] == 0) {
                continue;
            }
            if (verdicts == null) {
                verdicts = source.verdicts();
                sites = source.sites();
            }
            if (id >= sites.size()) {
                break;
            }
            CallSite site = sites.get(id);
            TimeApi api = site.api();
            Verdict verdict = verdicts.of(api);
            long entered = verdict == null ? 0 : verdict.enteredOf(since[id]);
            TimeCallsEvent event = new TimeCallsEvent();
            event.api = api.apiName();
            event.clock = api.clockLabel();
            event.className = site.className();
            event.methodName = methodName(site);
            event.lineNumber = site.line();
            event.calls = since[id];
            event.avoidedKernel = since[id] - entered;
            event.enteredKernel = entered;
            event.commit();
        }
    }

    /** One ClockVerdict event per clock the kernel check judges. */
    synchronized void clockVerdicts() {
        if (closed || !new ClockVerdictEvent().isEnabled()) {
            return;
        }
        for (ClockCheck check : source.verdicts().clocks()) {
            ClockVerdictEvent event = new ClockVerdictEvent();
            event.clock = check.clock().name();
            event.verdict = check.verdict().word();
            event.evidence = check.verdict().evidence().name().toLowerCase(Locale.ROOT);
            event.vdsoNs = check.vdsoNs() == null ? Double.NaN : check.vdsoNs();
            event.syscallNs = check.syscallNs() == null ? Double.NaN : check.syscallNs();
            event.commit();
        }
    }

    /** The Session event. */
    synchronized void session() {
        if (closed || !new SessionEvent().isEnabled()) {
            return;
        }
        EventSource.Facts facts = source.facts();
        SessionEvent event = new SessionEvent();
        event.backend = facts.backend();
        event.clocksource = facts.clocksource();
        event.vdsoBase = facts.vdsoBase();
        event.options = facts.options();
        event.sites = facts.sites();
        event.commit();
    }

    /** Counts from {@code base} on: what was not written yet is dropped. */
    synchronized void restartFrom(long[] base) {
        deltas.restartFrom(base);
    }

    /** The events of a session that begins to write them: what it is, and what the clocks' verdicts are. */
    synchronized void firstEvents() {
        session();
        clockVerdicts();
    }

    /** The last events of a session that ends (a detach): what is due, then nothing more. */
    synchronized void closeWithLastEvents() {
        timeCalls();
        session();
        clockVerdicts();
        closed = true;
    }

    synchronized void close() {
        closed = true;
    }

    private String methodName(CallSite site) {
        if (site.id() >= methodNames.length) {
            methodNames = Arrays.copyOf(methodNames, Math.max(site.id() + 1, methodNames.length * 2));
        }
        String name = methodNames[site.id()];
        if (name == null) {
            name = site.methodName();
            methodNames[site.id()] = name;
        }
        return name;
    }
}
