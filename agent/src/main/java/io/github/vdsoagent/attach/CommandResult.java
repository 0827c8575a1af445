package io.github.vdsoagent.attach;

import io.github.vdsoagent.protocol.Answer;

import java.util.List;

/**
 * What the agent in the target answered, and the target's Java feature release (17 for Java 17) when the jar was
 * loaded into it for this command (0 when the agent was there already).
 */
public record CommandResult(Answer answer, int targetJavaFeature) {
    public boolean ok() {
        return answer.ok();
    }

    public String message() {
        return answer.message();
    }

    /** A fact the agent reported, or null. */
    public String fact(String key) {
        return answer.fact(key);
    }

    /** The rendered report, or null for commands without one. */
    public String report() {
        return answer.report();
    }

    /** The agent's log lines while it worked on the command. */
    public List<String> log() {
        return answer.log();
    }
}
