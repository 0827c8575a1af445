package io.github.vdsoagent.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The CLI as a user runs it: {@code java -jar vdso-agent.jar ARGS}, a separate JVM. */
public final class Cli {
    private Cli() {
    }

    public static JavaProcess run(Object... args) {
        List<String> command = new ArrayList<>(List.of("-jar", JavaProcess.agentJar().toString()));
        Arrays.stream(args).map(String::valueOf).forEach(command::add);
        return JavaProcess.run(command);
    }
}
