package io.github.vdsoagent.agent;

import io.github.vdsoagent.boot.StackSampler;
import io.github.vdsoagent.setup.SetupPipeline;
import io.github.vdsoagent.setup.Stage;

/**
 * The set-up stage that starts sampling the stacks of time calls (stacks=, stackdepth=). It waits for the start
 * delay like the rest of the set-up: a stack walk's first use loads and runs cold JDK code, which the JVM's start
 * should not pay for, and a JVM that ends sooner never samples.
 */
final class StackSamplingStage implements Stage {
    private final int every;
    private final int depth;

    StackSamplingStage(int every, int depth) {
        this.every = every;
        this.depth = depth;
    }

    @Override
    public String name() {
        return "stack sampling";
    }

    @Override
    public void run(SetupPipeline pipeline) {
        if (every > 0) {
            pipeline.unlessAbandoned(new Start(every, depth));
        }
    }

    /** A class, not a lambda (see docs/design/start-up.md). */
    private static final class Start implements Runnable {
        private final int every;
        private final int depth;

        Start(int every, int depth) {
            this.every = every;
            this.depth = depth;
        }

        @Override
        public void run() {
            StackSampler.start(every, depth);
        }
    }
}
