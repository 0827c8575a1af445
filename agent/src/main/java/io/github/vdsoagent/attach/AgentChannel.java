package io.github.vdsoagent.attach;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Sends one command to the agent in a target JVM and reads the answer it leaves in DIR, a new owner-only directory
 * of the CLI's. If the agent already runs there, the command goes through its control directory (see
 * {@link ControlFiles}); otherwise vdso-agent.jar is loaded into the JVM through the attach mechanism with
 * {@code command=...,reply=DIR}.
 */
public final class AgentChannel {
    private final Path agentJar;

    public AgentChannel(Path agentJar) {
        this.agentJar = agentJar;
    }

    public CommandResult send(TargetProcess target, String command, String options) throws TargetException {
        Path reply = replyDirectory();
        String request = "command=" + command + ",reply=" + reply + (options.isEmpty() ? "" : "," + options);
        try {
            Path control = ControlFiles.of(target.pid());
            if (control != null) {
                ControlFiles.send(control, request, reply, target);
                return read(reply, target, 0);
            }
            requireAttachModule();
            int feature = AttachMechanism.loadAgent(target, agentJar, request);
            return read(reply, target, feature);
        } finally {
            deleteQuietly(reply);
        }
    }

    /** Whether this Java runtime can attach at all: a JRE or a trimmed image may lack the module. */
    public static void requireAttachModule() throws TargetException {
        if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
            throw new TargetException("this Java runtime has no jdk.attach module: run the CLI with a full JDK's java");
        }
    }

    private static Path replyDirectory() throws TargetException {
        try {
            return PrivateDirectory.create("vdso-agent-cli-");
        } catch (IOException e) {
            throw new TargetException("cannot create a private directory for the agent's answer: " + e.getMessage(), e);
        }
    }

    private static CommandResult read(Path reply, TargetProcess target, int feature) throws TargetException {
        Path result = reply.resolve("result.properties");
        if (!Files.exists(result)) {
            throw new TargetException("the agent in JVM " + target.pid() + " did not answer (is another vdso-agent"
                    + " version loaded there?)");
        }
        try {
            Properties facts = new Properties();
            try (InputStream in = Files.newInputStream(result)) {
                facts.load(in);
            }
            Path report = reply.resolve("report");
            Path log = reply.resolve("log.txt");
            return new CommandResult(facts,
                    Files.exists(report) ? Files.readString(report, StandardCharsets.UTF_8) : null,
                    Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of(), feature);
        } catch (IOException e) {
            throw new TargetException("cannot read the agent's answer: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}
