package io.github.vdsoagent.agent;

import io.github.vdsoagent.setup.SetupPipeline;
import io.github.vdsoagent.setup.Stage;

/**
 * The set-up stage that makes the session's report once and throws it away, so that the report at exit runs code
 * that is loaded, linked and initialized: that report's first run was 6 to 14 ms of the exit here, 27 to 46 ms as
 * JSON (docs/design/start-up.md). Only for a session that writes a report, and not with {@code kernelcheck=perf}.
 */
final class ReportRehearsalStage implements Stage {
    private final ReportWriter reports;
    private final Session session;

    ReportRehearsalStage(ReportWriter reports, Session session) {
        this.reports = reports;
        this.session = session;
    }

    @Override
    public String name() {
        return "report rehearsal";
    }

    @Override
    public void run(SetupPipeline pipeline) throws Exception {
        reports.rehearse(session);
    }
}
