package io.github.vdsoagent.options;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one option grammar shared by {@code -javaagent:vdso-agent.jar=OPTIONS}, {@code attach PID OPTIONS} and the
 * tests: {@code key=value,key=value}. include=, exclude=, tracepoints= and syscalls= may be repeated; every other key at most
 * once.
 */
public final class AgentOptions {
    public enum ClockMode { VDSO, JVM, SYSCALL }

    public enum Format { TEXT, JSON }

    public enum LogLevel { WARN, INFO, DEBUG }

    /**
     * How the kernel check learns whether calls entered the kernel: PERF counts the process's time system calls
     * with perf tracepoint counters where the host allows (exact; as root the kernel takes ~40 ms at exit to release
     * them), TIMING never opens counters and infers every verdict from the clocks' timings and the clocksource.
     */
    public enum KernelCheckMode { PERF, TIMING }

    /**
     * Whether, on JDK 16 and 17, the agent links its JNI clock read to the native helper's critical entry, which
     * HotSpot calls without thread-state transitions: AUTO turns HotSpot's CriticalJNINatives flag on for the
     * millisecond that takes (see clock/CriticalEntry), OFF leaves the JVM's flags alone.
     */
    public enum JniCritical { AUTO, OFF }

    /** Where reports go: stderr, nowhere, or a file replaced atomically. */
    public static final class ReportTarget {
        public static final ReportTarget STDERR = new ReportTarget("stderr", null);
        public static final ReportTarget NONE = new ReportTarget("none", null);

        private final String text;
        private final Path file;

        private ReportTarget(String text, Path file) {
            this.text = text;
            this.file = file;
        }

        static ReportTarget file(Path path) {
            return new ReportTarget(path.toString(), path);
        }

        /** The file, or null for stderr and none. */
        public Path file() {
            return file;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static final Set<String> REPEATABLE = Set.of("include", "exclude", "tracepoints", "syscalls");
    static final String KEYS =
            "include, exclude, clock, report, format, interval, top, log, tracepoints, syscalls, kernelcheck, startdelay, jnicritical";
    /** How long into the JVM's life the kernel check waits by default before it opens its counters. */
    public static final Duration DEFAULT_START_DELAY = Duration.ofSeconds(1);
    /** The system calls whose tracepoint ids tracepoints= may give, in canonical order. */
    public static final List<String> TRACEPOINT_SYSCALLS = List.of("clock_gettime", "gettimeofday", "time");

    private final List<ClassGlob> include;
    private final List<ClassGlob> exclude;
    private final ClockMode clock;
    private final ReportTarget report;
    private final Format format;
    private final Duration interval;
    private final int top;
    private final LogLevel log;
    private final Map<String, Long> tracepoints;
    private final Set<String> syscalls;
    private final KernelCheckMode kernelCheck;
    private final Duration startDelay;
    private final JniCritical jniCritical;

    private AgentOptions(Parsed p) {
        this.include = Collections.unmodifiableList(p.include);
        this.exclude = Collections.unmodifiableList(p.exclude);
        this.clock = p.clock;
        this.report = p.report;
        this.format = p.format;
        this.interval = p.interval;
        this.top = p.top;
        this.log = p.log;
        this.tracepoints = Collections.unmodifiableMap(p.tracepoints);
        this.syscalls = Collections.unmodifiableSet(p.syscalls);
        this.kernelCheck = p.kernelCheck;
        this.startDelay = p.startDelay;
        this.jniCritical = p.jniCritical;
    }

    public static AgentOptions defaults() {
        return new AgentOptions(new Parsed());
    }

    /** Parses an option string; null or blank means all defaults. */
    public static AgentOptions parse(String text) throws OptionException {
        Parsed p = new Parsed();
        if (text == null || text.trim().isEmpty()) {
            return new AgentOptions(p);
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (String item : text.split(",", -1)) {
            int eq = item.indexOf('=');
            if (item.trim().isEmpty()) {
                throw new OptionException("empty option in '" + text + "': separate key=value pairs with single commas");
            }
            if (eq <= 0) {
                throw new OptionException("'" + item + "' is not key=value (known keys: " + KEYS + ")");
            }
            String key = item.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = item.substring(eq + 1).trim();
            if (!REPEATABLE.contains(key) && seen.put(key, value) != null) {
                throw new OptionException("option '" + key + "' given twice");
            }
            p.set(key, value);
        }
        return new AgentOptions(p);
    }

    private static final class Parsed {
        final List<ClassGlob> include = new ArrayList<>();
        final List<ClassGlob> exclude = new ArrayList<>();
        ClockMode clock = ClockMode.VDSO;
        ReportTarget report = ReportTarget.STDERR;
        Format format = Format.TEXT;
        Duration interval;
        int top = 20;
        LogLevel log = LogLevel.WARN;
        final Map<String, Long> tracepoints = new TreeMap<>(new CanonicalOrder());
        final Set<String> syscalls = new TreeSet<>(new CanonicalOrder());

        Parsed() {
            syscalls.add(TRACEPOINT_SYSCALLS.get(0));
        }
        KernelCheckMode kernelCheck = KernelCheckMode.PERF;
        Duration startDelay = DEFAULT_START_DELAY;
        JniCritical jniCritical = JniCritical.AUTO;

        void set(String key, String value) throws OptionException {
            switch (key) {
                case "include":
                    include.add(ClassGlob.parse(value));
                    break;
                case "exclude":
                    exclude.add(ClassGlob.parse(value));
                    break;
                case "clock":
                    clock = choice(ClockMode.class, key, value);
                    break;
                case "report":
                    report = reportTarget(value);
                    break;
                case "format":
                    format = choice(Format.class, key, value);
                    break;
                case "interval":
                    interval = Durations.parse(value);
                    break;
                case "top":
                    top = count(key, value);
                    break;
                case "log":
                    log = choice(LogLevel.class, key, value);
                    break;
                case "tracepoints":
                    addTracepoint(value, tracepoints);
                    break;
                case "syscalls":
                    addSyscall(value, syscalls);
                    break;
                case "kernelcheck":
                    kernelCheck = choice(KernelCheckMode.class, key, value);
                    break;
                case "startdelay":
                    startDelay = Durations.parseOrZero(value);
                    break;
                case "jnicritical":
                    jniCritical = choice(JniCritical.class, key, value);
                    break;
                default:
                    throw new OptionException("unknown option '" + key + "' (known keys: " + KEYS + ")");
            }
        }
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String key, String value) throws OptionException {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : "|").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw new OptionException(key + "=" + value + " is not valid: use " + key + "=" + allowed);
    }

    private static int count(String key, String value) throws OptionException {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= 100_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new OptionException(key + "=" + value + " is not valid: use a whole number from 0 to 100000");
    }

    /**
     * Parses one {@code tracepoints=} value, {@code NAME:ID}, into {@code into}: NAME a time system call, ID the
     * number tracefs gives in {@code events/syscalls/sys_enter_NAME/id}. Also used by the vdso command.
     */
    public static void addTracepoint(String value, Map<String, Long> into) throws OptionException {
        int colon = value.indexOf(':');
        String name = colon < 0 ? "" : value.substring(0, colon);
        String digits = colon < 0 ? "" : value.substring(colon + 1);
        if (!TRACEPOINT_SYSCALLS.contains(name) || !isTracepointId(digits)) {
            throw new OptionException("tracepoints=" + value + " is not valid: use tracepoints=NAME:ID with NAME one of "
                    + String.join(", ", TRACEPOINT_SYSCALLS) + " and ID the number in"
                    + " /sys/kernel/tracing/events/syscalls/sys_enter_NAME/id, e.g. tracepoints=clock_gettime:480");
        }
        if (into.put(name, Long.parseLong(digits)) != null) {
            throw new OptionException("tracepoints= gives " + name + " twice");
        }
    }

    /** One {@code syscalls=} value: a time system call's name, or all of them. */
    private static void addSyscall(String value, Set<String> into) throws OptionException {
        String name = value.toLowerCase(Locale.ROOT);
        if (name.equals("all")) {
            into.addAll(TRACEPOINT_SYSCALLS);
        } else if (TRACEPOINT_SYSCALLS.contains(name)) {
            into.add(name);
        } else {
            throw new OptionException("syscalls=" + value + " is not valid: use syscalls=NAME with NAME one of "
                    + String.join(", ", TRACEPOINT_SYSCALLS) + ", or syscalls=all");
        }
    }

    /** 1 to 9 ASCII digits (no sign, no other script's digits). */
    private static boolean isTracepointId(String digits) {
        if (digits.isEmpty() || digits.length() > 9) {
            return false;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** tracepoints= and syscalls= entries in {@link #TRACEPOINT_SYSCALLS} order (a class: a lambda would be spun on the start-up path). */
    private static final class CanonicalOrder implements Comparator<String> {
        @Override
        public int compare(String a, String b) {
            return Integer.compare(TRACEPOINT_SYSCALLS.indexOf(a), TRACEPOINT_SYSCALLS.indexOf(b));
        }
    }

    private static ReportTarget reportTarget(String value) throws OptionException {
        if (value.equalsIgnoreCase("stderr")) {
            return ReportTarget.STDERR;
        }
        if (value.equalsIgnoreCase("none")) {
            return ReportTarget.NONE;
        }
        if (value.isEmpty()) {
            throw new OptionException("report= needs stderr, none or a file path");
        }
        try {
            return ReportTarget.file(Paths.get(value));
        } catch (InvalidPathException e) {
            throw new OptionException("report=" + value + " is not a usable file path: " + e.getReason());
        }
    }

    public List<ClassGlob> include() {
        return include;
    }

    public List<ClassGlob> exclude() {
        return exclude;
    }

    public ClockMode clock() {
        return clock;
    }

    public ReportTarget report() {
        return report;
    }

    public Format format() {
        return format;
    }

    /** The periodic report interval, or null for a report at exit only. */
    public Duration interval() {
        return interval;
    }

    public int top() {
        return top;
    }

    public LogLevel log() {
        return log;
    }

    /** Tracepoint ids by system call name from {@code tracepoints=}, in canonical order; empty if not given. */
    public Map<String, Long> tracepoints() {
        return tracepoints;
    }

    /**
     * The time system calls the kernel check counts, by name, in canonical order: clock_gettime always (every
     * clock the agent reads goes through it), the others if {@code syscalls=} asks for them.
     */
    public Set<String> syscalls() {
        return syscalls;
    }

    public KernelCheckMode kernelCheck() {
        return kernelCheck;
    }

    /**
     * How long after the JVM's start the kernel check opens its counters ({@code startdelay=}); zero opens them with
     * the agent. A JVM that ends sooner pays none of their cost and gets inferred verdicts.
     */
    public Duration startDelay() {
        return startDelay;
    }

    /** Whether the clock setup may link the JNI read's critical entry ({@code jnicritical=}). */
    public JniCritical jniCritical() {
        return jniCritical;
    }

    /** The canonical option string: parsing it gives equal options. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (ClassGlob g : include) {
            s.append("include=").append(g).append(',');
        }
        for (ClassGlob g : exclude) {
            s.append("exclude=").append(g).append(',');
        }
        s.append("clock=").append(lower(clock))
                .append(",report=").append(report)
                .append(",format=").append(lower(format));
        if (interval != null) {
            s.append(",interval=").append(Durations.format(interval));
        }
        s.append(",top=").append(top).append(",log=").append(lower(log));
        for (Map.Entry<String, Long> t : tracepoints.entrySet()) {
            s.append(",tracepoints=").append(t.getKey()).append(':').append(t.getValue());
        }
        for (String name : syscalls) {
            if (!name.equals(TRACEPOINT_SYSCALLS.get(0))) {
                s.append(",syscalls=").append(name);
            }
        }
        if (kernelCheck != KernelCheckMode.PERF) {
            s.append(",kernelcheck=").append(lower(kernelCheck));
        }
        if (!startDelay.equals(DEFAULT_START_DELAY)) {
            s.append(",startdelay=").append(startDelay.isZero() ? "0" : Durations.format(startDelay));
        }
        if (jniCritical != JniCritical.AUTO) {
            s.append(",jnicritical=").append(lower(jniCritical));
        }
        return s.toString();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
