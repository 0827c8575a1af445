package io.github.vdsoagent.cli;

import io.github.vdsoagent.attach.CommandResult;
import io.github.vdsoagent.attach.PrivateDirectory;
import io.github.vdsoagent.attach.TargetException;
import io.github.vdsoagent.attach.TargetProcess;
import io.github.vdsoagent.options.AgentOptions.Format;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code profile PID --duration D}: a timed session. Attaches (or reuses the agent there), counts afresh, waits
 * with a countdown, reports and detaches. Ctrl-C ends early and still reports. While it runs the agent also writes
 * its report to a private file every second, so if the target exits mid-session the CLI still has what was
 * gathered (the target's exit writes it one last time).
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        header = "Attaches, collects for a duration, reports and detaches.",
        description = "Attaches (or reuses the agent), resets the counters, collects for the duration with a"
            + " countdown on a terminal, prints the report and detaches. Ctrl-C ends early and still reports; if"
            + " the target exits, reports what was gathered and says so.")
final class ProfileCommand extends TargetCommand implements Callable<Integer> {
    private static final String INTERIM_INTERVAL = "1s";

    @Option(names = "--duration", required = true, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to collect: 500ms, 30s, 5m, 1h.")
    Duration duration;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", converter = FormatConverter.class,
            description = "Report format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path out;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20", description = "Call sites to list (default: ${DEFAULT-VALUE}).")
    int top;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OPTIONS", defaultValue = "",
            description = "Agent options (include=, exclude=, clock=, log=, ...); the report options are this command's.")
    String options;

    private final Object finishing = new Object();
    private boolean finished;

    @Override
    public Integer call() throws TargetException, InterruptedException {
        rejectReportOptions();
        TargetProcess target = TargetProcess.check(pid);
        Path dir = privateDirectory();
        Path interim = dir.resolve("report");
        String sessionOptions = TargetOptions.prepare((options.isEmpty() ? "" : options + ",") + "report=" + interim
                + ",interval=" + INTERIM_INTERVAL + ",format=" + format.name().toLowerCase(Locale.ROOT) + ",top=" + top,
                spec.commandLine());
        long started = System.nanoTime();
        Thread onCtrlC = new Thread(() -> {
            finish(target, interim, started);
            deleteQuietly(dir); // the finally below never runs when Ctrl-C ends the CLI
        }, "vdso-agent-profile-interrupted");
        try {
            if (Boolean.parseBoolean(send(target, "attach", sessionOptions).fact("reused"))) {
                send(target, "reset", ""); // a new session counts from its start already
            }
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            countDown(target);
            finish(target, interim, started);
            Runtime.getRuntime().removeShutdownHook(onCtrlC);
            return Cli.OK;
        } finally {
            deleteQuietly(dir);
        }
    }

    private void rejectReportOptions() {
        for (String item : options.split(",")) {
            String key = item.contains("=") ? item.substring(0, item.indexOf('=')).trim().toLowerCase(Locale.ROOT) : "";
            if (key.equals("report") || key.equals("interval") || key.equals("format") || key.equals("top")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        key + "= is set by profile itself: use --out, --format and --top");
            }
        }
    }

    private void countDown(TargetProcess target) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        boolean terminal = System.console() != null;
        long left;
        while ((left = end - System.nanoTime()) > 0 && target.isAlive()) {
            if (terminal) {
                err().printf("\rvdso-agent: profiling JVM %d, %d s left ", pid, (left + 999_999_999L) / 1_000_000_000L);
                err().flush();
            }
            Thread.sleep(Math.min(1000, Math.max(1, left / 1_000_000)));
        }
        if (terminal) {
            err().print("\r" + " ".repeat(60) + "\r");
            err().flush();
        }
    }

    /** Reports once, whether the time is up, Ctrl-C came or the target went away. */
    private void finish(TargetProcess target, Path interim, long started) {
        synchronized (finishing) {
            if (finished) {
                return;
            }
            finished = true;
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            try {
                if (target.isAlive()) {
                    CommandResult result = send(target, "detach", ReportCommand.reportOptions(format, top));
                    deliver(result.report(), out);
                    err().println("vdso-agent: profiled JVM " + pid + " for " + seconds + " s; " + result.message());
                } else {
                    deliverLastInterim(interim, seconds);
                }
            } catch (TargetException e) {
                if (target.isAlive()) {
                    err().println("vdso-agent: " + e.getMessage());
                } else {
                    deliverLastInterim(interim, seconds);
                }
            }
        }
    }

    private void deliverLastInterim(Path interim, long seconds) {
        try {
            if (!Files.exists(interim)) {
                err().println("vdso-agent: JVM " + pid + " exited before it wrote any report");
                return;
            }
            deliver(Files.readString(interim, StandardCharsets.UTF_8), out);
            err().println("vdso-agent: JVM " + pid + " exited during the session (after about " + seconds
                    + " s); this is the last report it wrote");
        } catch (IOException | TargetException e) {
            err().println("vdso-agent: JVM " + pid + " exited and its last report could not be read: " + e.getMessage());
        }
    }

    private static Path privateDirectory() throws TargetException {
        try {
            return PrivateDirectory.create("vdso-agent-profile-");
        } catch (IOException e) {
            throw new TargetException("cannot create a private directory for the session's report: " + e.getMessage(), e);
        }
    }

    /** The session's directory and all in it: the last report, and a temporary file if the target died writing. */
    private static void deleteQuietly(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // the directory's deletion below says whether anything is left
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}
