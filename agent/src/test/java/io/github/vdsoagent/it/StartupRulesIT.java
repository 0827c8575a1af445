package io.github.vdsoagent.it;

import io.github.vdsoagent.fixtures.NoOpAgent;
import io.github.vdsoagent.fixtures.StartupHello;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.ClassLoadLog;
import io.github.vdsoagent.testing.JavaProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The start-up rules of docs/design/start-up.md, checked on what a JVM really loads: a hello world runs under the
 * agent with {@code -Xlog:class+load}, and every class that a {@link Rule} forbids, and that the same hello world
 * does not load under an agent that does nothing ({@link NoOpAgent}), fails the test with its name and, on JDK 22
 * and later (whose JVM logs the stack that loaded each class), the agent's frame that caused it.
 *
 * <p>The baseline is an empty agent, not no agent: any {@code -javaagent} makes the JVM resolve its module graph at
 * start-up (archived lambda classes of jdk.internal.module and java.util.stream) and, on JDK 25, spin method-handle
 * classes to call premain. Neither is the agent's doing.
 *
 * <p>Lambda forms: a plain method handle, a VarHandle and (from JDK 18) core reflection spin
 * {@code LambdaForm$MH/DMH/BMH} classes too, and the agent uses them on purpose (BootStubDefiner on JDK 18+,
 * CallCounter's thread-id handle), so these classes count only when an invokedynamic in the agent's own code linked
 * them: a lambda, a method reference, a string concatenation, a switch on patterns. Only JDK 22+ shows that; on
 * JDK 17 the lambda proxy classes, named after the class that holds the lambda, show the same faults.
 *
 * <p>Where: premain, the transformer's first rewrite and the exit report, in a JVM that ends before the background
 * set-up is due (here {@code startdelay=20s}, so that other test classes' JVMs beside it cannot slow it past the
 * delay; 1 s by default); and the background set-up itself in a JVM that lives 2 s, where only
 * {@link #HOLD_IN_BACKGROUND} is held (see there for why not the rest), and without its MBeans' stage
 * ({@code jmx=off}) a few more, {@link #HOLD_IN_BACKGROUND_WITHOUT_JMX}.
 */
class StartupRulesIT {
    /** Far longer than a hello world lives, however busy the machine: its background set-up is never due. */
    private static final String NEVER_DUE = "startdelay=20s";
    private static final long NEVER_DUE_MS = 20_000;
    /** How long the background scenarios' application lives: past the set-up's start at 1 s, with room for it. */
    private static final String LIVES_MS = "2000";

    /** What the rules forbid, by the class the JVM loads. */
    enum Rule {
        LAMBDA("a lambda proxy class: a lambda or method reference ran for the first time (each spins a class, ~1 ms"
                + " cold; use a named class)"),
        INDY("spun to link an invokedynamic in the agent's code: a lambda, method reference or switch on patterns"),
        STRING_CONCAT("spun to link a string concatenation by invokedynamic: the agent's classes must be compiled"
                + " with -XDstringConcat=inline (agent/pom.xml)"),
        FORMATTER("java.util.Formatter: String.format, printf or formatted (25-50 ms cold; use text.PlainFormat)"),
        BIG_DECIMAL("java.math.BigDecimal (10-14 ms cold on JDK 25; PlainFormat rounds by hand)"),
        FORK_JOIN("the common ForkJoinPool's classes (use threads of the agent's own)"),
        COMPLETABLE_FUTURE("java.util.concurrent.CompletableFuture, whose first use sets up the common pool's"
                + " machinery (use agent.SettableResult)"),
        LONG_ADDER("Striped64, behind LongAdder and LongAccumulator (use AtomicLong)"),
        PROCESS_HANDLE("the JDK's process handles, whose first use starts a reaper executor (HostFacts.pid reads"
                + " /proc/self)"),
        SECURE_RANDOM("java.security.SecureRandom, whose first use starts the security providers"),
        MANAGEMENT("java.lang.management.ManagementFactory: the JVM's management machinery, 13-18 ms cold"),
        REGEX("java.util.regex.Pattern: a regular expression compiled (match by hand)"),
        TIME_FORMAT("java.time.format.DateTimeFormatter: an Instant or date turned into text, 5-10 ms cold"),
        ASM("ByteBuddy's ASM: a class went to AsmCallSiteRewriter, not the call-site patcher (15-20 ms cold)"),
        JFR("JDK Flight Recorder's API, in a JVM whose options start no recording: the agent listens for JFR in its"
                + " background set-up (jfr/JfrEvents), ~170 classes on JDK 17");

        final String why;

        Rule(String why) {
            this.why = why;
        }

        /** The rule a class's name breaks, or null; INDY and STRING_CONCAT go by the stack instead. */
        static Rule named(String name) {
            if (name.contains("$$Lambda")) {
                return LAMBDA;
            }
            if (is(name, "java.util.Formatter")) {
                return FORMATTER;
            }
            if (is(name, "java.math.BigDecimal")) {
                return BIG_DECIMAL;
            }
            if (name.startsWith("java.util.concurrent.ForkJoin")) {
                return FORK_JOIN;
            }
            if (is(name, "java.util.concurrent.CompletableFuture")) {
                return COMPLETABLE_FUTURE;
            }
            if (is(name, "java.util.concurrent.atomic.Striped64")) {
                return LONG_ADDER;
            }
            if (is(name, "java.lang.ProcessHandleImpl")) {
                return PROCESS_HANDLE;
            }
            if (is(name, "java.security.SecureRandom")) {
                return SECURE_RANDOM;
            }
            if (is(name, "java.lang.management.ManagementFactory")) {
                return MANAGEMENT;
            }
            if (name.equals("java.util.regex.Pattern")) {
                return REGEX;
            }
            if (name.equals("java.time.format.DateTimeFormatter")) {
                return TIME_FORMAT;
            }
            if (name.startsWith("io.github.vdsoagent.shaded.bytebuddy.")) {
                return ASM;
            }
            if (name.startsWith("jdk.jfr.")) {
                return JFR;
            }
            return null;
        }

        private static boolean is(String name, String type) {
            return name.equals(type) || name.startsWith(type + "$");
        }
    }

    /**
     * The rules the background set-up without its MBeans' stage (clock path, kernel counters, control channel;
     * {@code startdelay=}, {@code jmx=off}) keeps. It breaks the others, as of this test's writing: LAMBDA and INDY
     * (lambdas of the agent's own in the control channel, the clock setup and calibration, the kernel counters,
     * OwnerCheck, PropertiesText; on JDK 22+ the JDK's FFM linker spins dozens of its own for the first downcall);
     * TIME_FORMAT and REGEX (the status file's Instant.toString). That work runs a second into the JVM's life, off its start-up, by design. JFR: the set-up
     * listens for recordings.
     */
    private static final Set<Rule> HOLD_IN_BACKGROUND_WITHOUT_JMX = Collections.unmodifiableSet(EnumSet.of(
            Rule.STRING_CONCAT, Rule.FORMATTER, Rule.BIG_DECIMAL, Rule.COMPLETABLE_FUTURE, Rule.FORK_JOIN,
            Rule.LONG_ADDER, Rule.PROCESS_HANDLE, Rule.SECURE_RANDOM, Rule.MANAGEMENT, Rule.ASM));

    /**
     * The rules the whole background set-up keeps, its MBeans' stage ({@code jmx=on}, the default) with it: the
     * platform MBean server breaks MANAGEMENT (ManagementFactory), BIG_DECIMAL (its open types: SimpleType's static
     * initializer) and FORMATTER (the JDK's management code formats with String.formatted), all inside the JDK.
     */
    private static final Set<Rule> HOLD_IN_BACKGROUND = Collections.unmodifiableSet(EnumSet.of(Rule.STRING_CONCAT,
            Rule.COMPLETABLE_FUTURE, Rule.FORK_JOIN, Rule.LONG_ADDER, Rule.PROCESS_HANDLE, Rule.SECURE_RANDOM,
            Rule.ASM));

    /**
     * The JDK's own lambdas that the agent's start-up cannot avoid, by the class that holds them, and why.
     * Any other lambda proxy class counts, the JDK's included (an API whose internals use lambdas).
     */
    private static final Map<String, String> UNAVOIDABLE_JDK_LAMBDAS = Map.of(
            "sun.instrument.InstrumentationImpl", "Instrumentation.redefineModule, the only way an agent can export"
                    + " jdk.internal.misc to itself and open java.util to the boot stub (BootStubDefiner)",
            "java.lang.Module", "Instrumentation.redefineModule (Module.implAddExportsOrOpens)",
            "java.lang.WeakPairMap", "Instrumentation.redefineModule (Module's WeakPairMap.computeIfAbsent)",
            "jdk.internal.classfile.impl.ClassFileImpl", "Lookup.defineClass, through which BootStubDefiner defines"
                    + " the stub classes after the first, reads each with the JDK's class-file API (JDK 24+; an"
                    + " archived lambda, loaded, not spun)");

    /** The scenarios: where in the agent's life the rules are checked. */
    enum Scenario {
        EXIT_REPORT("premain, first rewrite and exit report (report to stderr at exit, the default; " + NEVER_DUE
                + ")"),
        NO_REPORT("premain and first rewrite (report=none," + NEVER_DUE + ")"),
        BACKGROUND("background set-up (default startdelay=1s, application lives 2 s)"),
        BACKGROUND_AT_ONCE("background set-up at premain (startdelay=0, application lives 2 s)"),
        BACKGROUND_WITHOUT_JMX("background set-up without the MBeans (jmx=off, application lives 2 s)");

        final String what;

        Scenario(String what) {
            this.what = what;
        }
    }

    private static Path noOpAgent;
    /** The baseline's class names, by the application's arguments. */
    private static final Map<String, Set<String>> BASELINES = new HashMap<>();

    @BeforeAll
    static void buildNoOpAgent(@TempDir Path dir) throws IOException {
        noOpAgent = dir.resolve("no-op-agent.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", NoOpAgent.class.getName());
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(noOpAgent), manifest)) {
            String entry = NoOpAgent.class.getName().replace('.', '/') + ".class";
            jar.putNextEntry(new JarEntry(entry));
            try (OutputStream out = jar) {
                Files.copy(Path.of(AgentRun.testClasses(), entry), out);
            }
        }
    }

    @Test
    void premainAndTheExitReportKeepEveryRule(@TempDir Path dir) throws IOException {
        Run run = shortRun(dir, null);
        assertTrue(run.process.stderr.contains("=== vdso-agent report"), () -> "no exit report\n" + run.process);
        assertTrue(run.process.stderr.contains(StartupHello.class.getName() + ".main"),
                () -> "the hello world's time call was not rewritten and counted\n" + run.process);
        check(Scenario.EXIT_REPORT, run, EnumSet.allOf(Rule.class));
    }

    @Test
    void premainWithoutAReportKeepsEveryRule(@TempDir Path dir) throws IOException {
        Run run = shortRun(dir, "report=none");
        assertFalse(run.process.stderr.contains("vdso-agent report"), run.process::toString);
        check(Scenario.NO_REPORT, run, EnumSet.allOf(Rule.class));
    }

    @Test
    void theBackgroundSetUpKeepsTheRulesThatHoldThere(@TempDir Path dir) throws IOException {
        Run run = run(dir, null, LIVES_MS);
        assertBackgroundRan(run);
        check(Scenario.BACKGROUND, run, HOLD_IN_BACKGROUND);
    }

    @Test
    void theBackgroundSetUpAtPremainKeepsTheRulesThatHoldThere(@TempDir Path dir) throws IOException {
        Run run = run(dir, "startdelay=0", LIVES_MS);
        assertBackgroundRan(run);
        check(Scenario.BACKGROUND_AT_ONCE, run, HOLD_IN_BACKGROUND);
    }

    /** Without the MBeans, the management machinery, its open types and its formatting stay out too. */
    @Test
    void theBackgroundSetUpWithoutJmxKeepsMoreRules(@TempDir Path dir) throws IOException {
        Run run = run(dir, "jmx=off", LIVES_MS);
        assertBackgroundRan(run);
        check(Scenario.BACKGROUND_WITHOUT_JMX, run, HOLD_IN_BACKGROUND_WITHOUT_JMX);
    }

    /** What the STRING_CONCAT rule checks at run time on JDK 22+, for every class of the agent, on any JDK. */
    @Test
    void theAgentsClassesConcatenateStringsInline() throws IOException {
        byte[] factory = "java/lang/invoke/StringConcatFactory".getBytes(StandardCharsets.US_ASCII);
        List<String> indy = new ArrayList<>();
        int checked = 0;
        try (JarFile jar = new JarFile(JavaProcess.agentJar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                boolean own = name.startsWith("io/github/vdsoagent/") && name.endsWith(".class")
                        || name.startsWith("vdso-internal/io/github/vdsoagent/") && name.endsWith(".classdata")
                        && !name.startsWith("vdso-internal/io/github/vdsoagent/shaded/");
                if (!own) {
                    continue;
                }
                checked++;
                try (InputStream in = jar.getInputStream(entry)) {
                    if (contains(in.readAllBytes(), factory)) {
                        indy.add(name);
                    }
                }
            }
        }
        assertTrue(checked > 100, "only " + checked + " of the agent's classes found in the jar");
        assertTrue(indy.isEmpty(), "classes that concatenate strings through StringConcatFactory (invokedynamic),"
                + " whose first use spins method handles on the host's start-up; compile them with"
                + " -XDstringConcat=inline (agent/pom.xml): " + indy);
    }

    /** The jar is stored, not deflated: a host's start-up reads ~150 of its classes (docs/design/start-up.md). */
    @Test
    void theAgentJarStoresItsClassesUncompressed() throws IOException {
        List<String> deflated = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = new JarFile(JavaProcess.agentJar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (entry.getName().endsWith(".class") || entry.getName().endsWith(".classdata")) {
                    classes++;
                    if (entry.getMethod() != ZipEntry.STORED) {
                        deflated.add(entry.getName());
                    }
                }
            }
        }
        assertTrue(classes > 100, "only " + classes + " classes in the jar");
        assertEquals(List.of(), deflated, "class entries deflated, which every JVM started with the agent inflates"
                + " (agent/pom.xml: the jar task's compress=\"false\")");
    }

    // --- running

    private static final class Run {
        final JavaProcess process;
        final ClassLoadLog log;
        final long elapsedMs;

        Run(JavaProcess process, ClassLoadLog log, long elapsedMs) {
            this.process = process;
            this.log = log;
            this.elapsedMs = elapsedMs;
        }
    }

    /** A hello world that ends long before the background set-up is due. */
    private static Run shortRun(Path dir, String options) throws IOException {
        Run run = run(dir, options == null ? NEVER_DUE : options + "," + NEVER_DUE);
        // The delay counts from premain: a process that ended within it, from its fork, never began the set-up.
        Assumptions.assumeTrue(run.elapsedMs < NEVER_DUE_MS, () -> "SKIPPED: the machine is too busy: a hello world"
                + " took " + run.elapsedMs + " ms, long enough for the background set-up to begin");
        return run;
    }

    /** The fixture under the agent with {@code options} (null: none), with the class-load log. */
    private static Run run(Path dir, String options, String... appArgs) throws IOException {
        Files.createDirectories(dir);
        List<String> args = new ArrayList<>(ClassLoadLog.jvmOptions(dir));
        args.addAll(JavaProcess.withAgent(options));
        long begin = System.nanoTime();
        JavaProcess process = JavaProcess.runWithJdkDefaults(app(args, appArgs));
        long elapsedMs = (System.nanoTime() - begin) / 1_000_000;
        assertEquals(0, process.exitCode, process::toString);
        assertFalse(process.stderr.contains("vdso-agent: not started") || process.stderr.contains("agent is inactive"),
                () -> "the agent did not start\n" + process);
        ClassLoadLog log = ClassLoadLog.read(dir);
        assertTrue(log.contains("io.github.vdsoagent.agent.AgentEntry"), "the agent's entry was never loaded");
        return new Run(process, log, elapsedMs);
    }

    /** What the fixture loads, with the same arguments, under an agent that does nothing; measured once. */
    private static synchronized Set<String> baseline(String... appArgs) throws IOException {
        String key = String.join(" ", appArgs);
        Set<String> names = BASELINES.get(key);
        if (names == null) {
            Path dir = Files.createTempDirectory("vdso-agent-startup-baseline");
            try {
                List<String> args = new ArrayList<>(ClassLoadLog.jvmOptions(dir));
                if (Runtime.version().feature() >= 24) {
                    args.add("--enable-native-access=ALL-UNNAMED"); // as JavaProcess.withAgent gives the agent
                }
                args.add("-javaagent:" + noOpAgent);
                JavaProcess process = JavaProcess.runWithJdkDefaults(app(args, appArgs));
                assertEquals(0, process.exitCode, process::toString);
                names = ClassLoadLog.read(dir).normalizedNames();
            } finally {
                deleteTree(dir);
            }
            BASELINES.put(key, names);
        }
        return names;
    }

    private static List<String> app(List<String> jvmArgs, String... appArgs) {
        List<String> args = new ArrayList<>(jvmArgs);
        args.add("-cp");
        args.add(AgentRun.testClasses());
        args.add(StartupHello.class.getName());
        Collections.addAll(args, appArgs);
        return args;
    }

    private static void assertBackgroundRan(Run run) {
        assertTrue(run.process.stderr.contains("=== vdso-agent report"), () -> "no exit report\n" + run.process);
        assertFalse(run.process.stderr.contains("ended before the agent's set-up was due"),
                () -> "the background set-up never began\n" + run.process);
    }

    // --- judging

    /** A class a rule forbids, and what loaded it where that is known. */
    private static final class Finding {
        final ClassLoadLog.Loaded loaded;
        final Rule rule;
        /** The agent's class to blame, or null when not known. */
        final String culpritClass;
        /** What loaded it, in words: a frame, or why it is not known. */
        final String cause;

        Finding(ClassLoadLog.Loaded loaded, Rule rule, String culpritClass, String cause) {
            this.loaded = loaded;
            this.rule = rule;
            this.culpritClass = culpritClass;
            this.cause = cause;
        }

        @Override
        public String toString() {
            return loaded + " [" + rule + "]: " + cause;
        }
    }

    private static void check(Scenario scenario, Run run, Set<Rule> rules) throws IOException {
        String[] appArgs = scenario == Scenario.BACKGROUND || scenario == Scenario.BACKGROUND_AT_ONCE
                || scenario == Scenario.BACKGROUND_WITHOUT_JMX ? new String[] {LIVES_MS} : new String[0];
        Set<String> baseline = baseline(appArgs);
        List<Finding> all = findings(run.log, baseline, EnumSet.allOf(Rule.class));
        List<Finding> broken = new ArrayList<>();
        for (Finding f : all) {
            if (rules.contains(f.rule)) {
                broken.add(f);
            }
        }
        report(scenario, run, all, rules);
        if (!broken.isEmpty()) {
            StringBuilder message = new StringBuilder();
            message.append(scenario.what).append(", JDK ").append(Runtime.version().feature()).append(": ")
                    .append(broken.size()).append(" classes that the start-up rules forbid (docs/design/start-up.md)")
                    .append(" and that the same hello world under an empty agent does not load:");
            for (Finding f : broken) {
                message.append("\n  ").append(f);
            }
            message.append("\nRules broken:");
            for (Rule r : new TreeSet<>(rulesOf(broken))) {
                message.append("\n  ").append(r).append(": ").append(r.why);
            }
            if (!ClassLoadLog.causesLogged()) {
                message.append("\n(JDK ").append(Runtime.version().feature()).append(" does not log what loaded a")
                        .append(" class; run this test on JDK 22 or later to see each one's stack.)");
            }
            fail(message.toString());
        }
    }

    /** For the test's output (target/failsafe-reports): what was found, held or not. */
    private static void report(Scenario scenario, Run run, List<Finding> all, Set<Rule> rules) {
        StringBuilder out = new StringBuilder();
        out.append("== ").append(scenario.what).append(", JDK ").append(Runtime.version().feature()).append(": ")
                .append(run.log.classes().size()).append(" classes loaded, ").append(run.elapsedMs)
                .append(" ms; rules held: ").append(rules.size() == Rule.values().length ? "all" : rules);
        for (Finding f : all) {
            if (!rules.contains(f.rule)) {
                out.append("\n  not held here: ").append(f);
            }
        }
        System.out.println(out);
    }

    private static Set<Rule> rulesOf(List<Finding> findings) {
        Set<Rule> rules = EnumSet.noneOf(Rule.class);
        for (Finding f : findings) {
            rules.add(f.rule);
        }
        return rules;
    }

    /** Every class of {@code run} that one of {@code rules} forbids and that is not the JDK's own doing. */
    private static List<Finding> findings(ClassLoadLog run, Set<String> baseline, Set<Rule> rules) {
        List<Finding> findings = new ArrayList<>();
        for (ClassLoadLog.Loaded c : run.classes()) {
            Rule named = Rule.named(c.name);
            String linker = indyCaller(c.stack);
            if (named == null) {
                if (linker != null) {
                    Rule rule = hasFrame(c.stack, "java.lang.invoke.StringConcatFactory.") ? Rule.STRING_CONCAT
                            : Rule.INDY;
                    if (rules.contains(rule)) {
                        findings.add(new Finding(c, rule, ClassLoadLog.frameClass(linker), "invokedynamic at "
                                + linker));
                    }
                }
                continue;
            }
            if (!rules.contains(named) || baseline.contains(ClassLoadLog.normalize(c.name))) {
                continue;
            }
            String host = named == Rule.LAMBDA ? c.name.substring(0, c.name.indexOf("$$Lambda")) : null;
            if (host != null && UNAVOIDABLE_JDK_LAMBDAS.containsKey(host)) {
                continue;
            }
            if (host != null && isAgent(host)) {
                findings.add(new Finding(c, named, host, "a lambda in " + host + (linker != null ? ", at " + linker
                        : "")));
            } else {
                String frame = firstAgentFrame(c.stack);
                findings.add(new Finding(c, named, frame == null ? null : ClassLoadLog.frameClass(frame),
                        describeCause(c, frame)));
            }
        }
        return findings;
    }

    /** The agent's frame whose invokedynamic (or dynamic constant) the JVM was linking, or null. */
    private static String indyCaller(List<String> stack) {
        for (int i = 0; i + 1 < stack.size(); i++) {
            String frame = stack.get(i);
            if (frame.startsWith("java.lang.invoke.MethodHandleNatives.linkCallSite(")
                    || frame.startsWith("java.lang.invoke.MethodHandleNatives.linkDynamicConstant(")) {
                String caller = stack.get(i + 1);
                return isAgent(ClassLoadLog.frameClass(caller)) ? caller : null;
            }
        }
        return null;
    }

    private static String firstAgentFrame(List<String> stack) {
        for (String frame : stack) {
            if (isAgent(ClassLoadLog.frameClass(frame))) {
                return frame;
            }
        }
        return null;
    }

    private static String describeCause(ClassLoadLog.Loaded c, String agentFrame) {
        if (agentFrame != null) {
            return "loaded under " + agentFrame + (c.stack.isEmpty() ? "" : ", from " + c.stack.get(0));
        }
        if (c.stack.isEmpty()) {
            return ClassLoadLog.causesLogged() ? "no Java stack logged" : "cause not logged on this JDK";
        }
        return "no agent frame on its stack; from " + c.stack.get(0) + ", thread entry "
                + c.stack.get(c.stack.size() - 1);
    }

    private static boolean hasFrame(List<String> stack, String prefix) {
        for (String frame : stack) {
            if (frame.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The agent's classes, its shaded dependencies included; not the tests' fixtures. */
    private static boolean isAgent(String className) {
        return className.startsWith("io.github.vdsoagent.") && !className.startsWith("io.github.vdsoagent.fixtures.");
    }

    private static boolean contains(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Collections.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
