package io.github.vdsoagent.agent;

import io.github.vdsoagent.files.ReplaceableFile;
import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.options.AgentOptions;
import io.github.vdsoagent.options.OptionException;
import io.github.vdsoagent.options.ReportTarget;
import io.github.vdsoagent.protocol.Command;
import io.github.vdsoagent.protocol.Request;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the launcher hands over, inside the agent's own class loader: for -javaagent (options), for a user's own
 * loadAgent (options), and for the CLI's requests, which arrive as {@code @DIR} through the attach mechanism or the
 * control channel. Bad options leave the agent inert with one line on stderr (or in the CLI's answer); nothing here
 * may throw into the host.
 */
public final class AgentEntry {
    private static final org.slf4j.Logger log = AgentLog.get(AgentEntry.class);
    /** Set by the first start in this JVM; commands arriving later through the control channel use it too. */
    private static Agent agent;

    private AgentEntry() {
    }

    public static void start(String text, Instrumentation given, boolean dynamic) {
        Path exchange = dynamic ? Request.directoryOf(text) : null;
        Request request;
        if (exchange != null) {
            try {
                request = Request.readFrom(exchange);
            } catch (IOException | RuntimeException e) {
                stderr("vdso-agent: ignored a request it could not read: " + e.getMessage());
                return;
            }
        } else {
            request = new Request(Command.ATTACH, text == null ? "" : text, null, null);
        }
        AgentOptions options;
        try {
            options = AgentOptions.parse(request.options());
            refuseReportFile(options);
        } catch (OptionException e) {
            refuse(exchange, e.getMessage() + "; the agent is inactive and the application runs unmodified");
            return;
        }
        if (!dynamic && JdkTools.isOne()) {
            return;
        }
        AgentLog.setLevel(options.log());
        Agent current = agentFor(given, options, dynamic);
        if (current == null) {
            refuse(exchange, "JVM " + HostFacts.pid() + " is shutting down: the agent was not started");
            return;
        }
        current.lock().lock();
        try (Reply reply = Reply.to(exchange)) {
            try {
                current.run(request.command(), options, reply, !dynamic, request.profileFor(), request.client(),
                        exchange);
            } catch (RuntimeException | LinkageError e) {
                log.warn("{} failed", request.command().name().toLowerCase(Locale.ROOT), e);
                reply.fail(e.toString());
            }
        } catch (IOException e) {
            log.warn("could not answer the CLI", e);
        } finally {
            current.lock().unlock();
        }
    }

    /** A report file that may not be replaced is refused with the options, before anything is rewritten. */
    private static void refuseReportFile(AgentOptions options) throws OptionException {
        Path file = options.report().file();
        String why = file == null ? null : ReplaceableFile.whyNot(file.toAbsolutePath());
        if (why != null) {
            throw new OptionException("report=" + why);
        }
    }

    /**
     * The agent of this JVM, made by the first start, with its exit hook (its control channel is a stage of its first
     * session's set-up). Null if the JVM is already shutting down.
     */
    private static synchronized Agent agentFor(Instrumentation given, AgentOptions options, boolean dynamic) {
        if (agent != null) {
            return agent;
        }
        AheadOfUse.start(!dynamic && options.report() != ReportTarget.NONE);
        Agent created = new Agent(given);
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(new ExitHook(created), "vdso-agent-exit"));
        } catch (IllegalStateException shuttingDown) {
            return null;
        }
        agent = created;
        return created;
    }

    private static void refuse(Path exchange, String why) {
        if (exchange == null) {
            stderr("vdso-agent: " + why);
            return;
        }
        try (Reply reply = Reply.to(exchange)) {
            reply.fail(why);
        } catch (IOException e) {
            // the CLI then says the agent did not answer
        }
    }

    private static void stderr(String line) {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        err.println(line);
    }

    // Classes, not lambdas: at premain, each lambda's first use spins a class (docs/design/start-up.md).

    private static final class ExitHook implements Runnable {
        private final Agent agent;

        ExitHook(Agent agent) {
            this.agent = agent;
        }

        @Override
        public void run() {
            agent.atExit();
        }
    }
}
