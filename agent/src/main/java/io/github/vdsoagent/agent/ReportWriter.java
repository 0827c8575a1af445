package io.github.vdsoagent.agent;

import io.github.vdsoagent.files.IoFailure;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.report.ReportOutput;
import org.slf4j.Logger;

import java.io.IOException;

/**
 * Writes a session's report where its options say. A report that cannot be written is one warning, however often
 * it is retried (interval=), and one more line when a later write succeeds: a full disk must not flood the host's
 * stderr.
 */
final class ReportWriter {
    private static final Logger log = AgentLog.get(ReportWriter.class);

    private boolean failing;

    /**
     * Makes the session's report as {@link #write} would and delivers it nowhere: the set-up's rehearsal of the exit
     * report. Under this writer's lock, as every report, so that it never runs beside the exit's.
     */
    synchronized void rehearse(Session session) throws IOException {
        Session.Report report = session.collect(0, 0, session.options().top());
        ReportOutput.render(report.host(), report.calls(), session.options().format());
    }

    synchronized void write(Session session, long setupWaitMs, long calibrationWaitMs) {
        write(session, setupWaitMs, calibrationWaitMs, null);
    }

    /**
     * As {@link #write(Session, long, long)}, for a profile's report: if its CLI has gone by the time a write fails
     * (killed, and its exchange removed by any other CLI meanwhile), no one can read the report, and nothing is said.
     */
    synchronized void write(Session session, long setupWaitMs, long calibrationWaitMs, ProfileEnd profile) {
        try {
            Session.Report report = session.collect(setupWaitMs, calibrationWaitMs, session.options().top());
            ReportOutput.deliver(session.options().report(), session.options().format(), report.host(), report.calls());
            if (failing) {
                failing = false;
                log.warn("the report is written to {} again", session.options().report());
            }
        } catch (IOException | RuntimeException e) {
            if (profile != null && profile.clientGone()) {
                log.debug("a killed profile's report was not written to {}", session.options().report(), e);
            } else if (!failing) {
                failing = true;
                log.warn("could not write the report to {}: {}", session.options().report(),
                        e instanceof IOException ? IoFailure.describe((IOException) e) : e.toString());
            } else {
                log.debug("could not write the report to {} again", session.options().report(), e);
            }
        }
    }
}
