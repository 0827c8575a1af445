package io.github.vdsoagent.attach;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
    private static final int MIN_FEATURE = 11;

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
            VirtualMachine vm = attach(target);
            int feature;
            try {
                feature = javaFeature(vm, target);
                vm.loadAgent(agentJar.toString(), request);
            } catch (AgentLoadException | AgentInitializationException e) {
                throw new TargetException("the agent could not start in JVM " + target.pid() + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new TargetException("lost the connection to JVM " + target.pid() + " (did it exit?): " + e.getMessage(), e);
            } finally {
                detachQuietly(vm);
            }
            return read(reply, target, feature);
        } finally {
            deleteQuietly(reply);
        }
    }

    private static VirtualMachine attach(TargetProcess target) throws TargetException {
        try {
            return VirtualMachine.attach(Long.toString(target.pid()));
        } catch (AttachNotSupportedException | IOException e) {
            if (!target.isAlive()) {
                throw new TargetException("JVM " + target.pid() + " exited", e);
            }
            throw new TargetException("cannot attach to JVM " + target.pid() + ": " + e.getMessage(), e);
        }
    }

    /** The target's Java feature release; throws for one the agent does not support. */
    private static int javaFeature(VirtualMachine vm, TargetProcess target) throws IOException, TargetException {
        String version = vm.getSystemProperties().getProperty("java.specification.version", "0");
        int feature;
        try {
            feature = version.startsWith("1.") ? Integer.parseInt(version.substring(2)) : Integer.parseInt(version);
        } catch (NumberFormatException e) {
            feature = 0;
        }
        if (feature < MIN_FEATURE) {
            throw new TargetException("JVM " + target.pid() + " runs Java " + version + "; vdso-agent needs Java "
                    + MIN_FEATURE + " or later");
        }
        return feature;
    }

    /** Whether this Java runtime can attach at all: a JRE or a trimmed image may lack the module. */
    public static void requireAttachModule() throws TargetException {
        if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
            throw new TargetException("this Java runtime has no jdk.attach module: run the CLI with a full JDK's java");
        }
    }

    private static Path replyDirectory() throws TargetException {
        try {
            return Files.createTempDirectory("vdso-agent-cli-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
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

    private static void detachQuietly(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException e) {
            // the target may have exited; nothing to release then
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
