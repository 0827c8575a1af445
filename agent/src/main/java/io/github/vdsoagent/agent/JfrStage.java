package io.github.vdsoagent.agent;

import io.github.vdsoagent.jfr.JfrEvents;
import io.github.vdsoagent.setup.SetupPipeline;
import io.github.vdsoagent.setup.Stage;

/**
 * The set-up stage that listens for JDK Flight Recorder: the session's events are registered once JFR is
 * initialized, which it may already be. It runs after the first probe, so that the first events carry measured
 * verdicts; at premain instead when the JVM's options start a recording (docs/jfr.md).
 */
final class JfrStage implements Stage {
    private final JfrEvents events;

    JfrStage(JfrEvents events) {
        this.events = events;
    }

    @Override
    public String name() {
        return "JFR events";
    }

    @Override
    public void run(SetupPipeline pipeline) {
        events.listen();
    }
}
