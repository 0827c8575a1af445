package io.github.vdsoagent.agent;

import io.github.vdsoagent.setup.SetupPipeline;
import io.github.vdsoagent.setup.Stage;

/** The set-up stage that starts watching the kernel's clocksource, which may change while the session counts. */
final class ClocksourceWatchStage implements Stage {
    private final Session session;

    ClocksourceWatchStage(Session session) {
        this.session = session;
    }

    @Override
    public String name() {
        return "clocksource watch";
    }

    @Override
    public void run(SetupPipeline pipeline) {
        session.watchClocksource();
    }
}
