package io.github.vdsoagent.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The seed's experiment in Java: call every covered time API a known number of times, each from one call site,
 * so that the agent's report can be checked against what the demo says it did.
 */
public final class DemoApp {
    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 2;

    private DemoApp() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        int code = run(args, System.in, System.out, System.err);
        if (code != EXIT_OK) {
            System.exit(code);
        }
    }

    /** Does what main does, with no input, and returns the exit code instead of exiting, so that tests can call it. */
    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException, IOException {
        return run(args, InputStream.nullInputStream(), out, err);
    }

    /** Does what main does and returns the exit code; {@code --hold} reads {@code in} to its end. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err)
            throws InterruptedException, IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.BadArgument e) {
            err.println("demo-app: " + e.getMessage() + " (try --help)");
            return EXIT_USAGE;
        }
        if (options.help) {
            out.print(Options.usage());
            return EXIT_OK;
        }
        RunResult result = options.isTimed()
                ? Runner.runTimed(options.apis, options.runForNanos, options.threads)
                : Runner.runCounted(options.apis, options.iterations, options.threads);
        Report.print(options, result, out);
        if (options.values) {
            try {
                ValueCheck.print(out);
            } catch (ReflectiveOperationException e) {
                err.println("demo-app: the value check failed: " + e);
            }
        }
        if (options.hold) {
            out.println("holding: close stdin to exit");
            out.flush();
            while (in.read() != -1) {
                // the input is only a signal: its end ends the demo
            }
        }
        return EXIT_OK;
    }
}
