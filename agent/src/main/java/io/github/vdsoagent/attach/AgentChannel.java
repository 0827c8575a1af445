package io.github.vdsoagent.attach;

import io.github.vdsoagent.protocol.Answer;
import io.github.vdsoagent.protocol.Exchange;
import io.github.vdsoagent.protocol.Request;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Sends one request to the agent in a target JVM and reads its answer, through an {@link Exchange}. If the agent
 * already runs there, the request goes through its control directory (see {@link ControlFiles}); otherwise
 * vdso-agent.jar is loaded into the JVM through the attach mechanism, with the exchange as its argument.
 */
public final class AgentChannel {
    private final Path agentJar;

    public AgentChannel(Path agentJar) {
        this.agentJar = agentJar;
    }

    /** Sends the request and returns the answer; the exchange is removed. */
    public CommandResult send(TargetProcess target, Request request) throws TargetException {
        try (Exchange exchange = open(target, request)) {
            return send(target, exchange);
        }
    }

    /** A new exchange for a request to this target; the caller closes it (a profile keeps it for its end). */
    public static Exchange open(TargetProcess target, Request request) throws TargetException {
        try {
            return Exchange.open(target.tmpdir(), target.uid(), target.gid(), request);
        } catch (IOException e) {
            throw new TargetException("cannot create a private directory in " + target.tmpdir() + " for the agent's"
                    + " answer: " + e.getMessage(), e);
        }
    }

    /** Sends the request in {@code exchange} and returns the agent's immediate answer. */
    public CommandResult send(TargetProcess target, Exchange exchange) throws TargetException {
        int feature = 0;
        Path control = ControlFiles.of(target);
        if (control != null) {
            ControlFiles.send(control, exchange, target);
        } else {
            requireAttachModule();
            feature = AttachMechanism.loadAgent(target, agentJar, exchange.argument());
        }
        return new CommandResult(read(exchange, target, Answer.Kind.IMMEDIATE), feature);
    }

    /** Whether this Java runtime can attach at all: a JRE or a trimmed image may lack the module. */
    public static void requireAttachModule() throws TargetException {
        if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
            throw new TargetException("this Java runtime has no jdk.attach module: run the CLI with a full JDK's java");
        }
    }

    /** An answer in the exchange; fails if it is not there. */
    public static Answer read(Exchange exchange, TargetProcess target, Answer.Kind kind) throws TargetException {
        try {
            Answer answer = Answer.read(exchange.directory(), kind);
            if (answer == null) {
                throw new TargetException("the agent in JVM " + target.pid() + " did not answer (is another"
                        + " vdso-agent version loaded there?)");
            }
            return answer;
        } catch (IOException e) {
            throw new TargetException("cannot read the agent's answer: " + e.getMessage(), e);
        }
    }
}
