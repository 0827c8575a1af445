package io.github.vdsoagent.testing;

import java.util.List;

/** The JDK's jcmd, as a user runs it against a target JVM. */
public final class Jcmd {
    private Jcmd() {
    }

    /** Runs {@code jcmd PID COMMAND ARGS...}; fails the test if jcmd fails. */
    public static String run(long pid, String... command) {
        List<String> args = JavaProcess.jdkTool("jcmd", Long.toString(pid));
        args.addAll(List.of(command));
        JavaProcess jcmd = JavaProcess.exec(args, 120);
        if (jcmd.exitCode != 0) {
            throw new AssertionError("jcmd " + String.join(" ", command) + " failed: " + jcmd);
        }
        return jcmd.stdout;
    }
}
