package io.github.vdsoagent.agent;

import java.lang.instrument.Instrumentation;

/** Where the launcher hands over, inside the agent's own class loader. */
public final class AgentEntry {
    private AgentEntry() {
    }

    public static void start(String options, Instrumentation instrumentation, boolean dynamic) {
        // filled in by the agent lifecycle
    }
}
