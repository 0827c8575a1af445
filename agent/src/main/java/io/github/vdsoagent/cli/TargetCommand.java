package io.github.vdsoagent.cli;

import io.github.vdsoagent.attach.AgentChannel;
import io.github.vdsoagent.attach.AgentJar;
import io.github.vdsoagent.attach.CommandResult;
import io.github.vdsoagent.attach.TargetException;
import io.github.vdsoagent.attach.TargetProcess;
import io.github.vdsoagent.files.AtomicFile;
import io.github.vdsoagent.protocol.Command;
import io.github.vdsoagent.protocol.Exchange;
import io.github.vdsoagent.protocol.Request;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** What the commands that act on a running JVM share: the pid, the channel to its agent, how results are shown. */
abstract class TargetCommand {
    /** JDK 21 made the JVM warn about agents loaded into a running JVM; the flag allows them silently. */
    private static final int FIRST_WARNING_JDK = 21;
    private static final String ALLOW_FLAG = "-XX:+EnableDynamicAgentLoading";

    @CommandLine.Parameters(index = "0", paramLabel = "PID", description = "The target JVM's process id.")
    long pid;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Sends one request; a refusal by the agent becomes a TargetException with its message. */
    CommandResult send(TargetProcess target, Command command, String options) throws TargetException {
        return checked(target, channel().send(target, new Request(command, options, null, null)));
    }

    /** Sends the request in an exchange the caller keeps (a profile's); same checks as {@link #send}. */
    CommandResult send(TargetProcess target, Exchange exchange) throws TargetException {
        return checked(target, channel().send(target, exchange));
    }

    private static AgentChannel channel() throws TargetException {
        return new AgentChannel(AgentJar.own());
    }

    private CommandResult checked(TargetProcess target, CommandResult result) throws TargetException {
        for (String line : result.log()) {
            err().println(line);
        }
        if (result.targetJavaFeature() >= FIRST_WARNING_JDK && !target.hasOption(ALLOW_FLAG)) {
            err().println("vdso-agent: note: JDK " + result.targetJavaFeature() + " prints a warning on JVM " + target.pid()
                    + "'s stderr when an agent is loaded into it while it runs; start it with " + ALLOW_FLAG
                    + " to allow that silently");
        }
        if (!result.ok()) {
            throw new TargetException(result.message());
        }
        return result;
    }

    /** Prints a report to stdout, or writes it to {@code out} (replaced atomically, owner-only). */
    void deliver(String report, Path out) throws TargetException {
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(report);
            stdout.flush();
            return;
        }
        try {
            AtomicFile.write(out, report.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TargetException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
