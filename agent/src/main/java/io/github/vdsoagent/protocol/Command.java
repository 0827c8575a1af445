package io.github.vdsoagent.protocol;

/** What the CLI asks of the agent in a target JVM. */
public enum Command {
    /** Load the agent, or apply new options to the one there, and count. */
    ATTACH,
    /** Count afresh for a fixed time, then end the session by itself, whether or not the CLI is still there. */
    PROFILE,
    /** The report of the session so far. */
    REPORT,
    /** End the session: original bytecode back, and the final report. */
    DETACH,
    /** Whether the agent is active, and since when. */
    STATUS
}
