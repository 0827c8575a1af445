package io.github.vdsoagent.agent;

import io.github.vdsoagent.kernel.KernelCheckSession;
import io.github.vdsoagent.setup.SetupPipeline;
import io.github.vdsoagent.setup.Stage;

/**
 * The set-up stage that probes the clocks once the clock path is set, told which path that is: a JVM that exits soon
 * after reuses this probe instead of making one as it exits.
 */
final class FirstProbeStage implements Stage {
    private final KernelCheckSession kernel;
    private final ClockPathStage clockPath;

    FirstProbeStage(KernelCheckSession kernel, ClockPathStage clockPath) {
        this.kernel = kernel;
        this.clockPath = clockPath;
    }

    @Override
    public String name() {
        return "first probe";
    }

    @Override
    public void run(SetupPipeline pipeline) {
        kernel.probeFirst(clockPath.current());
    }
}
