package io.github.vdsoagent.agent;

import io.github.vdsoagent.launcher.AgentHandoff;

import java.lang.instrument.Instrumentation;

/** What the launcher calls: registered with it when the launcher loads this class (see {@link AgentHandoff}). */
public final class LauncherEntry implements AgentHandoff.Entry {
    static {
        AgentHandoff.register(new LauncherEntry());
    }

    private LauncherEntry() {
    }

    @Override
    public void start(String options, Instrumentation instrumentation, boolean dynamic) {
        AgentEntry.start(options, instrumentation, dynamic);
    }
}
