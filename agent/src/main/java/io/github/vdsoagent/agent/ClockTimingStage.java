package io.github.vdsoagent.agent;

import io.github.vdsoagent.clock.Calibration;
import io.github.vdsoagent.kernel.KernelCheckSession;
import io.github.vdsoagent.setup.SetupPipeline;
import io.github.vdsoagent.setup.Stage;
import io.github.vdsoagent.vocabulary.TimeApi;

import java.util.concurrent.Callable;

/**
 * The set-up stage that times one read of each clock the rewritten calls read, through the vDSO and through the
 * system call: the report's rough vDSO ns and syscall ns, and the inference's evidence where nothing is measured.
 * Its system calls are counted as the agent's.
 */
final class ClockTimingStage implements Stage {
    private final KernelCheckSession kernel;
    private final SettableResult<Calibration> timings = new SettableResult<>();

    ClockTimingStage(KernelCheckSession kernel) {
        this.kernel = kernel;
    }

    @Override
    public String name() {
        return "clock timing";
    }

    @Override
    public void run(SetupPipeline pipeline) throws Exception {
        try {
            timings.set(kernel.countedAsAgents(new Timing(), ClockPathStage.WORK_WAIT_MS));
        } finally {
            timings.fail();
        }
    }

    /** The timings, waiting at most {@code waitMs}; null if not taken (yet). */
    Calibration timings(long waitMs) {
        return timings.get(waitMs);
    }

    /** A class, not a lambda (docs/design/start-up.md). */
    private static final class Timing implements Callable<Calibration> {
        @Override
        public Calibration call() {
            return Calibration.measure(TimeApi.clocks());
        }
    }
}
