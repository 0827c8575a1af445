package io.github.vdsoagent.launcher;

import java.lang.instrument.Instrumentation;

/**
 * How the launcher calls into the agent, which lives in its own class loader, without reflection or a method
 * handle: their first call spins adapter classes, milliseconds of the host's start-up. The agent's entry class
 * registers itself here from its static initializer, which the launcher runs by loading it.
 */
public final class AgentHandoff {
    /** The agent's side of the handoff. */
    public interface Entry {
        void start(String options, Instrumentation instrumentation, boolean dynamic);
    }

    private static volatile Entry entry;

    private AgentHandoff() {
    }

    /** Called once, by the agent's entry class as it is initialized. */
    public static void register(Entry registered) {
        entry = registered;
    }

    /** The registered entry; fails if the class named did not register one. */
    static Entry entry(String className) {
        Entry registered = entry;
        if (registered == null) {
            throw new IllegalStateException(className + " did not register with the launcher");
        }
        return registered;
    }
}
