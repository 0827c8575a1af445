package io.github.vdsoagent.agent;

import io.github.vdsoagent.setup.SetupPipeline;
import io.github.vdsoagent.setup.Stage;

/**
 * The set-up stage that opens this JVM's control channel and writes the status announcing it; until then the CLI
 * reaches the agent through the attach mechanism. Once per JVM: a later session's stage finds it open.
 */
final class ControlChannelStage implements Stage {
    private final Agent agent;

    ControlChannelStage(Agent agent) {
        this.agent = agent;
    }

    @Override
    public String name() {
        return "control channel";
    }

    @Override
    public void run(SetupPipeline pipeline) {
        agent.openControlChannel();
    }
}
