package io.github.vdsoagent.attach;

import java.util.List;
import java.util.Properties;

/** What the agent in the target answered: ok or not, a message, facts, a report if any, its log lines. */
public final class CommandResult {
    private final Properties facts;
    private final String report;
    private final List<String> log;
    private final int targetJavaFeature;

    CommandResult(Properties facts, String report, List<String> log, int targetJavaFeature) {
        this.facts = facts;
        this.report = report;
        this.log = log;
        this.targetJavaFeature = targetJavaFeature;
    }

    /** The target's Java feature release, 17 for Java 17, when the jar was loaded into it; 0 when it was not. */
    public int targetJavaFeature() {
        return targetJavaFeature;
    }

    public boolean ok() {
        return Boolean.parseBoolean(facts.getProperty("ok"));
    }

    public String message() {
        return facts.getProperty("message", "");
    }

    /** A fact the agent reported, or null. */
    public String fact(String key) {
        return facts.getProperty(key);
    }

    /** The rendered report, or null for commands without one. */
    public String report() {
        return report;
    }

    /** The agent's log lines while it worked on the command. */
    public List<String> log() {
        return log;
    }
}
