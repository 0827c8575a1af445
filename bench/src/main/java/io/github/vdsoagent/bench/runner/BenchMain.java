package io.github.vdsoagent.bench.runner;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.ListStatistics;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-call figures in one run: the same JMH benchmarks forked without the agent and with it
 * ({@code clock=vdso}, {@code clock=jvm}, {@code clock=syscall}), the configurations interleaved fork by fork so
 * that a slow minute on a shared machine hits all of them alike; then ratios with error bars. Before any timing,
 * an untimed correctness run per clock mode checks that two threads on one call site are counted exactly.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar [--agent PATH] [--quick] [--forks N] [--out DIR] [--only REGEX]
 *     [--jvm-arg ARG]...
 * </pre>
 * Anything after {@code --jmh} goes to JMH's own command line instead ({@code java -jar benchmarks.jar --jmh -h}).
 */
public final class BenchMain {
    static final String CALLS = "io.github.vdsoagent.bench.calls.TimeCallBench.";
    static final String JNA = "io.github.vdsoagent.bench.contrast.JnaClockBench.";
    static final String INCLUDE = "io.github.vdsoagent.bench.calls.*";

    static final String[] SINGLE = {"nanoTime", "currentTimeMillis", "instantNow", "localDateTimeNow"};
    static final String[] JFR_CALLS = {"nanoTime", "currentTimeMillis"};
    static final String[] ALL_CALLS = {"nanoTime", "currentTimeMillis", "instantNow", "localDateTimeNow",
        "nanoTimeTwoThreads", "nanoTimeTenThousandSites", "nanoTimeOneGeneratedSite"};

    /** Stack sampling's variants (issue 26): off, and one call in 10,000, 1,000 and 100; the default is the vdso config. */
    static final int[] STACKS = {0, 10_000, 1000, 100};

    /** A JVM configuration: which agent options, and which benchmarks run in it. */
    static final class Config {
        final String name;
        final String clock; // null: no agent
        /** More agent options, such as coarse= or stacks=100; empty for none. */
        final String options;
        final List<String> benchmarks = new ArrayList<>();
        /** JVM options of this configuration's own, such as a JFR recording. */
        final List<String> jvmArgs = new ArrayList<>();
        /** A failure here (say, a JVM where the agent has no FFM downcall) is logged, not fatal. */
        boolean optional;

        Config(String name, String clock) {
            this(name, clock, "");
        }

        Config(String name, String clock, String options) {
            this.name = name;
            this.clock = clock;
            this.options = options;
        }
    }

    /** The coarse configuration's agent options: every wall-clock site reads CLOCK_REALTIME_COARSE. */
    static final String COARSE_OPTIONS = "coarse=wallclock";
    /** What it runs: the two figures issue 28 sets a target for, and LocalDateTime.now beside them. */
    static final String[] COARSE_CALLS = {"currentTimeMillis", "instantNow", "localDateTimeNow"};

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--jmh")) {
            String[] rest = new String[args.length - 1];
            System.arraycopy(args, 1, rest, 0, rest.length);
            org.openjdk.jmh.Main.main(rest);
            return;
        }
        String agent = null;
        boolean quick = false;
        int forks = -1;
        Path out = Paths.get("bench", "target", "jmh-results");
        String only = null;
        boolean skipCheck = false;
        List<String> extraJvmArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agent": agent = args[++i]; break;
                case "--quick": quick = true; break;
                case "--forks": forks = Integer.parseInt(args[++i]); break;
                case "--out": out = Paths.get(args[++i]); break;
                case "--only": only = args[++i]; break;
                case "--skip-count-check": skipCheck = true; break;
                case "--jvm-arg": extraJvmArgs.add(args[++i]); break;
                default:
                    System.err.println("usage: java -jar benchmarks.jar [--agent PATH] [--quick] [--forks N] [--out DIR]"
                            + " [--only REGEX] [--skip-count-check] [--jvm-arg ARG]... | --jmh JMH-ARGS...");
                    System.exit(2);
            }
        }
        agent = agentJar(agent);
        Files.createDirectories(out);
        int feature = Runtime.version().feature();
        List<String> common = new ArrayList<>();
        if (feature >= 24) {
            common.add("--enable-native-access=ALL-UNNAMED"); // both sides alike: the agent's vDSO path needs it
        }
        common.addAll(extraJvmArgs); // both sides alike too, e.g. -XX:+CriticalJNINatives on JDK 17
        if (forks < 0) {
            forks = quick ? 1 : 4;
        }
        int warmups = quick ? 2 : 4;
        int measurements = quick ? 3 : 5;
        TimeValue iteration = quick ? TimeValue.milliseconds(500) : TimeValue.seconds(1);

        PrintStream log = new PrintStream(Files.newOutputStream(out.resolve("bench-main.log")), true, "UTF-8");
        say(log, "JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + "), agent " + agent
                + ", " + forks + " fork(s) x " + measurements + " x " + iteration + " measured after " + warmups
                + " x " + iteration + " warm-up; " + LocalDate.now() + "; load " + loadAverage());

        List<String> checks = new ArrayList<>();
        if (!skipCheck) {
            for (String clock : new String[]{"vdso", "jvm", "syscall"}) {
                checks.add(countCheck(agent, clock, common, out, log));
            }
        }

        List<Config> configs = configs(only, feature);
        Map<String, ListStatistics> stats = new LinkedHashMap<>();
        Map<String, List<Double>> forkMeans = new LinkedHashMap<>();
        for (int round = 1; round <= forks; round++) {
            for (Config config : configs) {
                if (config.benchmarks.isEmpty()) {
                    continue;
                }
                say(log, "round " + round + "/" + forks + ": " + config.name + " (" + config.benchmarks.size()
                        + " benchmarks), load " + loadAverage());
                ChainedOptionsBuilder opts = new OptionsBuilder()
                        .forks(1)
                        .warmupIterations(warmups).warmupTime(iteration)
                        .measurementIterations(measurements).measurementTime(iteration)
                        .timeUnit(TimeUnit.NANOSECONDS)
                        .shouldFailOnError(true)
                        .output(out.resolve("jmh-" + config.name + "-round" + round + ".log").toString());
                for (String b : config.benchmarks) {
                    opts.include(Pattern.quote(b) + "$");
                }
                List<String> jvmArgs = new ArrayList<>(common);
                jvmArgs.addAll(config.jvmArgs);
                jvmArgs.add("-Dbench.agent=" + (config.clock == null ? "none" : config.clock));
                if (config.clock != null) {
                    jvmArgs.add("-javaagent:" + agent + "=include=" + INCLUDE + ",report=none,clock=" + config.clock
                            + (config.options.isEmpty() ? "" : "," + config.options));
                }
                opts.jvmArgsAppend(jvmArgs.toArray(new String[0]));
                java.util.Collection<RunResult> results;
                try {
                    results = run(opts);
                } catch (RunnerException e) {
                    if (!config.optional) {
                        throw e;
                    }
                    say(log, "  " + config.name + " failed and is left out: " + e.getMessage());
                    continue;
                }
                for (RunResult result : results) {
                    String key = config.name + " " + result.getParams().getBenchmark();
                    ListStatistics s = stats.computeIfAbsent(key, k -> new ListStatistics());
                    for (BenchmarkResult fork : result.getBenchmarkResults()) {
                        ListStatistics one = new ListStatistics();
                        for (IterationResult it : fork.getIterationResults()) {
                            s.addValue(it.getPrimaryResult().getScore());
                            one.addValue(it.getPrimaryResult().getScore());
                        }
                        forkMeans.computeIfAbsent(key, k -> new ArrayList<>()).add(one.getMean());
                    }
                }
            }
        }
        String table = Table.render(configs, stats, forkMeans, checks, feature);
        say(log, "\n" + table);
        Files.write(out.resolve("per-call.md"), table.getBytes(StandardCharsets.UTF_8));
        Files.write(out.resolve("per-call.tsv"), Table.tsv(stats, forkMeans).getBytes(StandardCharsets.UTF_8));
        say(log, "results in " + out.toAbsolutePath());
    }

    private static java.util.Collection<RunResult> run(ChainedOptionsBuilder opts) throws RunnerException {
        return new Runner(opts.build()).run();
    }

    static List<Config> configs(String only, int feature) {
        Config none = new Config("none", null);
        Config vdso = new Config("vdso", "vdso");
        Config jvm = new Config("jvm", "jvm");
        Config syscall = new Config("syscall", "syscall");
        for (String b : ALL_CALLS) {
            none.benchmarks.add(CALLS + b);
            vdso.benchmarks.add(CALLS + b);
            jvm.benchmarks.add(CALLS + b);
        }
        vdso.benchmarks.add(CALLS + "rawJniRead");
        Config ffm = new Config("vdso-ffm", "vdso");
        ffm.optional = true;
        if (feature >= 22) {
            ffm.benchmarks.add(CALLS + "rawFfmRead"); // the agent binds its FFM downcall from JDK 22
        }
        Config coarse = new Config("coarse", "vdso", COARSE_OPTIONS);
        for (String b : COARSE_CALLS) {
            coarse.benchmarks.add(CALLS + b);
        }
        none.benchmarks.add(JNA + "jnaDirect");
        none.benchmarks.add(JNA + "jnaInterface");
        for (String b : SINGLE) {
            syscall.benchmarks.add(CALLS + b);
        }
        // A JFR recording with the JDK's profile settings, the agent's events in it: the per-call cost then.
        Config noneJfr = new Config("none-jfr", null);
        Config vdsoJfr = new Config("vdso-jfr", "vdso");
        for (Config recorded : List.of(noneJfr, vdsoJfr)) {
            recorded.jvmArgs.add("-XX:StartFlightRecording:settings=profile");
            for (String b : JFR_CALLS) {
                recorded.benchmarks.add(CALLS + b);
            }
        }
        List<Config> all = new ArrayList<>(List.of(none, vdso, jvm, syscall, ffm, coarse, noneJfr, vdsoJfr));
        for (int every : STACKS) {
            Config stacks = new Config("vdso-stacks" + every, "vdso", "stacks=" + every);
            for (String b : SINGLE) {
                stacks.benchmarks.add(CALLS + b);
            }
            all.add(stacks);
        }
        if (only != null) {
            Pattern p = Pattern.compile(only);
            for (Config c : all) {
                c.benchmarks.removeIf(b -> !p.matcher(b).find());
            }
        }
        return all;
    }

    /**
     * Two threads x 2,000,000 calls at one site under the agent, untimed; the JSON report must count exactly
     * 4,000,000 there. Returns one line: the clock mode, the backend the report names, counted vs expected.
     */
    static String countCheck(String agent, String clock, List<String> common, Path out, PrintStream log)
            throws IOException, InterruptedException {
        int threads = 2;
        int calls = 2_000_000;
        Path report = out.resolve("count-check-" + clock + ".json");
        Files.deleteIfExists(report);
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(common);
        cmd.add("-Dbench.agent=" + clock);
        cmd.add("-javaagent:" + agent + "=include=io.github.vdsoagent.bench.apps.CountCheck,report=" + report
                + ",format=json,clock=" + clock);
        cmd.add("-cp");
        cmd.add(ownJar());
        cmd.add("io.github.vdsoagent.bench.apps.CountCheck");
        cmd.add(Integer.toString(threads));
        cmd.add(Integer.toString(calls));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(out.resolve("count-check-" + clock + ".log").toFile()).start();
        int exit = p.waitFor();
        String json = Files.exists(report) ? new String(Files.readAllBytes(report), StandardCharsets.UTF_8) : "";
        Matcher site = Pattern.compile("\"method\"\\s*:\\s*\"hammer\"[^}]*\"calls\"\\s*:\\s*(\\d+)").matcher(json);
        Matcher backend = Pattern.compile("\"backend\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        long counted = site.find() ? Long.parseLong(site.group(1)) : -1;
        String backendName = backend.find() ? backend.group(1) : "?";
        long expected = (long) threads * calls;
        String verdict = exit == 0 && counted == expected ? "exact" : "WRONG";
        String line = String.format(Locale.ROOT, "clock=%s (backend %s): %d threads x %,d calls at one site, counted %,d: %s",
                clock, backendName, threads, calls, counted, verdict);
        say(log, "count check " + line);
        return line;
    }

    static String agentJar(String given) throws IOException {
        String path = given != null ? given : System.getProperty("vdsoagent.jar");
        if (path == null) {
            // bench/target/benchmarks.jar -> agent/target/vdso-agent.jar
            File own = new File(ownJar()).getAbsoluteFile();
            path = new File(own.getParentFile().getParentFile().getParentFile(), "agent/target/vdso-agent.jar").getPath();
        }
        File jar = new File(path);
        if (!jar.isFile()) {
            throw new IOException("no agent jar at " + path + ": build it (mvn -B -q -DskipTests package) or pass --agent");
        }
        return jar.getCanonicalPath();
    }

    static String ownJar() {
        try {
            return new File(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String loadAverage() {
        try {
            return new String(Files.readAllBytes(Paths.get("/proc/loadavg")), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    static void say(PrintStream log, String line) {
        System.out.println(line);
        log.println(line);
    }
}
