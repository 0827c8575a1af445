package io.github.vdsoagent.setup;

/**
 * One step of the agent's background set-up, run by a {@link SetupPipeline} on its thread, after the steps before
 * it. A stage keeps its own results (and says, when asked, why it has none); a failure is its own, logged, and the
 * next stage runs all the same.
 */
public interface Stage {
    /** What the stage sets up, for the log: "clock path", "kernel check", ... */
    String name();

    /**
     * Does the stage's work. A change the rest of the JVM sees (the clock stub's path) goes through
     * {@link SetupPipeline#unlessAbandoned}, so that a session that ends meanwhile keeps the JVM as it was.
     */
    void run(SetupPipeline pipeline) throws Exception;
}
