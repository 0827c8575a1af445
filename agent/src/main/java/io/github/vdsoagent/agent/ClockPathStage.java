package io.github.vdsoagent.agent;

import io.github.vdsoagent.clock.PathChoice;
import io.github.vdsoagent.clock.PathSetup;
import io.github.vdsoagent.kernel.KernelCheckSession;
import io.github.vdsoagent.setup.SetupPipeline;
import io.github.vdsoagent.setup.Stage;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.vocabulary.ClockPath;

import java.util.concurrent.Callable;

/**
 * The set-up stage that moves the clock stub from the JVM's own calls, where every session starts, to the path asked
 * for: the native helper loaded, the vDSO resolved, its clock_gettime bound and checked against the kernel (its
 * system calls counted as the agent's), then the switch, unless the session ended meanwhile.
 */
final class ClockPathStage implements Stage {
    /** How long the agent's work may take on the kernel check's thread before the stage gives up waiting. */
    static final long WORK_WAIT_MS = 10_000;

    private final ClockMode requested;
    private final boolean linkCritical;
    private final KernelCheckSession kernel;
    private final SettableResult<PathChoice> chosen = new SettableResult<>();
    private volatile boolean applied;

    /** @param linkCritical whether JNI reads may be linked to the native helper's critical entry ({@code jnicritical=}) */
    ClockPathStage(ClockMode requested, boolean linkCritical, KernelCheckSession kernel) {
        this.requested = requested;
        this.linkCritical = linkCritical;
        this.kernel = kernel;
    }

    @Override
    public String name() {
        return "clock path";
    }

    @Override
    public void run(SetupPipeline pipeline) throws Exception {
        try {
            PathChoice choice = kernel.countedAsAgents(new Install(), WORK_WAIT_MS);
            if (choice == null) {
                throw new IllegalStateException("the clock path's set-up took longer than " + WORK_WAIT_MS + " ms");
            }
            if (pipeline.unlessAbandoned(new Switch(choice))) {
                chosen.set(choice);
            }
        } finally {
            if (!chosen.isDone()) { // abandoned, or failed (the pipeline logs why): the stub stayed on the JVM's calls
                String why = pipeline.whyNotRun();
                chosen.set(why != null ? PathSetup.notStarted(requested, why) : PathSetup.unfinished(requested));
            }
        }
    }

    /** The path the stub reads through now: the one chosen once it is switched, the JVM's own calls before. */
    ClockPath current() {
        PathChoice choice = applied ? chosen.get(0) : null;
        return choice == null ? ClockPath.JVM : choice.path();
    }

    /**
     * What the stub reads through, waiting at most {@code waitMs} for the stage; if it never ran, the JVM's own
     * calls and {@code whyNotRun}.
     */
    PathChoice choice(long waitMs, String whyNotRun) {
        PathChoice choice = chosen.get(waitMs);
        if (choice != null) {
            return choice;
        }
        return whyNotRun == null ? null : PathSetup.notStarted(requested, whyNotRun);
    }

    /** A class, not a lambda: the stage may run at premain (docs/design/start-up.md). */
    private final class Install implements Callable<PathChoice> {
        @Override
        public PathChoice call() {
            return PathSetup.install(requested, false, linkCritical);
        }
    }

    private final class Switch implements Runnable {
        private final PathChoice choice;

        Switch(PathChoice choice) {
            this.choice = choice;
        }

        @Override
        public void run() {
            choice.apply();
            applied = true;
        }
    }
}
