package io.github.vdsoagent.cli;

/** The command line: {@code java -jar vdso-agent.jar <command>}. */
public final class Cli {
    private Cli() {
    }

    public static int run(String[] args) {
        return 0;
    }
}
