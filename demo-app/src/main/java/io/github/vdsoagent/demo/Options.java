package io.github.vdsoagent.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The demo's command line, parsed by hand: the demo depends on nothing but the JDK. */
final class Options {
    static final long DEFAULT_ITERATIONS = 1_000_000L;
    static final int MAX_THREADS = 1024;

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    final long iterations;
    final int threads;
    /** Run for this long instead of a fixed count; 0 when not asked. */
    final long runForNanos;
    /** The APIs to call, in catalogue order. */
    final List<TimeApi> apis;
    /** Also hold the wall-clock APIs' values against the precise clock (see ValueCheck). */
    final boolean values;
    final boolean help;
    /** After the run, keep the JVM alive until stdin closes, for a metrics scraper or the agent's CLI to look at it. */
    final boolean hold;

    private Options(long iterations, int threads, long runForNanos, List<TimeApi> apis, boolean values, boolean help,
                    boolean hold) {
        this.iterations = iterations;
        this.threads = threads;
        this.runForNanos = runForNanos;
        this.apis = apis;
        this.values = values;
        this.help = help;
        this.hold = hold;
    }

    boolean isTimed() {
        return runForNanos > 0;
    }

    /** A command-line mistake; its message is the one line the user sees. */
    static final class BadArgument extends Exception {
        private static final long serialVersionUID = 1L;

        BadArgument(String message) {
            super(message);
        }
    }

    static Options parse(String... args) throws BadArgument {
        long iterations = DEFAULT_ITERATIONS;
        int threads = 1;
        long runForNanos = 0;
        boolean hold = false;
        boolean values = false;
        Set<TimeApi> chosen = EnumSet.noneOf(TimeApi.class);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            switch (name) {
                case "-h":
                case "--help":
                    return new Options(iterations, threads, runForNanos, List.of(), values, true, false);
                case "--iterations":
                    value = value != null ? value : valueAfter(args, i++, name);
                    iterations = parseCount(name, value, Long.MAX_VALUE);
                    break;
                case "--threads":
                    value = value != null ? value : valueAfter(args, i++, name);
                    threads = (int) parseCount(name, value, MAX_THREADS);
                    break;
                case "--run-for":
                    value = value != null ? value : valueAfter(args, i++, name);
                    runForNanos = parseDuration(name, value);
                    break;
                case "--hold":
                    hold = true;
                case "--values":
                    values = true;
                    break;
                case "--api":
                    value = value != null ? value : valueAfter(args, i++, name);
                    chosen.addAll(parseApis(name, value));
                    break;
                default:
                    throw new BadArgument(arg.startsWith("-")
                            ? "unknown option '" + arg + "'"
                            : "unexpected argument '" + arg + "'");
            }
        }
        List<TimeApi> apis = chosen.isEmpty() ? List.of(TimeApi.values()) : List.copyOf(chosen);
        return new Options(iterations, threads, runForNanos, apis, values, false, hold);
    }

    private static String valueAfter(String[] args, int index, String name) throws BadArgument {
        if (index + 1 >= args.length) {
            throw new BadArgument(name + " needs a value");
        }
        return args[index + 1];
    }

    private static long parseCount(String name, String value, long max) throws BadArgument {
        long count;
        try {
            count = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadArgument(name + " expects a whole number, got '" + value + "'");
        }
        if (count < 1 || count > max) {
            throw new BadArgument(name + " must be between 1 and " + max + ", got " + value);
        }
        return count;
    }

    private static long parseDuration(String name, String value) throws BadArgument {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new BadArgument(name + " expects a duration such as 500ms, 30s, 5m or 1h, got '" + value + "'");
        }
        long nanosPerUnit;
        switch (m.group(2)) {
            case "ms":
                nanosPerUnit = 1_000_000L;
                break;
            case "s":
                nanosPerUnit = 1_000_000_000L;
                break;
            case "m":
                nanosPerUnit = 60_000_000_000L;
                break;
            default:
                nanosPerUnit = 3_600_000_000_000L;
                break;
        }
        long nanos;
        try {
            nanos = Math.multiplyExact(Long.parseLong(m.group(1)), nanosPerUnit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BadArgument(name + " is too long: '" + value + "'");
        }
        if (nanos == 0) {
            throw new BadArgument(name + " must be longer than 0, got '" + value + "'");
        }
        return nanos;
    }

    private static List<TimeApi> parseApis(String name, String value) throws BadArgument {
        List<TimeApi> apis = new ArrayList<>();
        for (String apiName : value.split(",", -1)) {
            TimeApi api = TimeApi.byName(apiName.trim());
            if (api == null) {
                throw new BadArgument(name + ": unknown API '" + apiName.trim() + "'");
            }
            apis.add(api);
        }
        return Collections.unmodifiableList(apis);
    }

    static String usage() {
        StringBuilder text = new StringBuilder()
                .append("Usage: java -jar demo-app.jar [--iterations N] [--threads T] [--run-for DURATION]"
                        + " [--api NAME[,NAME...]] [--values] [--hold]\n")
                .append("\n")
                .append("Calls each time API below from one call site of its own, N times in total, and prints\n")
                .append("the calls made and the time per call. Run it under vdso-agent to see them counted.\n")
                .append("\n")
                .append("  --iterations N      calls per API in total (default ").append(DEFAULT_ITERATIONS).append(")\n")
                .append("  --threads T         split each API's calls across T threads, each running every API\n")
                .append("                      (default 1, at most ").append(MAX_THREADS).append(")\n")
                .append("  --run-for DURATION  call all APIs in rounds until DURATION is up (500ms, 30s, 5m, 1h)\n")
                .append("                      instead of N times; wins over --iterations when both are given\n")
                .append("  --api NAME[,NAME]   call only these APIs (may be repeated), named as listed below,\n")
                .append("                      with or without the package (nanoTime, Instant.now, new Date())\n")
                .append("  --values            then hold currentTimeMillis, new Date(), Instant.now and nanoTime\n")
                .append("                      against the precise clock read by reflection, which the agent\n")
                .append("                      leaves alone: how far each lags, whether it is ever ahead or goes\n")
                .append("                      back (under the agent's coarse= option, the lag is up to a tick)\n")
                .append("  --hold              after the run, stay until stdin closes (for a metrics scraper or\n")
                .append("                      the agent's CLI to look at this JVM)\n")
                .append("  -h, --help          print this help and exit\n")
                .append("\n")
                .append("APIs (* always enters the kernel):\n");
        for (TimeApi api : TimeApi.values()) {
            text.append(api.alwaysEntersKernel() ? "  * " : "    ").append(api.apiName()).append('\n');
        }
        return text.toString();
    }
}
