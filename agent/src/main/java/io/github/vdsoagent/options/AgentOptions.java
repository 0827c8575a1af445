package io.github.vdsoagent.options;

import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.vocabulary.LogLevel;
import io.github.vdsoagent.vocabulary.ReportFormat;
import io.github.vdsoagent.vocabulary.TimeApi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The agent's options, read by the one parser every entry point uses ({@code -javaagent:vdso-agent.jar=OPTIONS},
 * {@code attach PID OPTIONS}, {@code profile PID OPTIONS}, a user's own loadAgent): {@code key=value} pairs
 * separated by single commas, whitespace around keys and values ignored, keys in any case. An empty text means
 * all defaults; an empty pair (a doubled, leading or trailing comma) is an error, as is a key given twice unless
 * {@link AgentOption#repeatable()}. The keys are {@link AgentOption}'s.
 */
public final class AgentOptions {
    /** How long into the JVM's life the background set-up waits by default. */
    public static final Duration DEFAULT_START_DELAY = Duration.ofSeconds(1);
    /** The system calls whose tracepoint ids tracepoints= may give, in canonical order. */
    public static final List<String> TRACEPOINT_SYSCALLS = List.of("clock_gettime", "gettimeofday", "time");
    /** The most call sites jmxsites= may give MBeans of their own: each is a few series on every scrape. */
    public static final int MAX_JMX_SITES = 1000;
    /** One time call in this many has its stack sampled by default (docs/flamegraph.md: how it was chosen). */
    public static final int DEFAULT_STACKS = 1000;
    public static final int DEFAULT_STACK_DEPTH = 64;
    /** The JVM's budget of stack samples a second, for the docs. */
    public static final int SAMPLES_PER_SECOND = io.github.vdsoagent.boot.StackSampler.SAMPLES_PER_SECOND;

    private final List<ClassGlob> include;
    private final List<ClassGlob> exclude;
    private final Set<TimeApi> coarse;
    private final List<ClassGlob> coarseInclude;
    private final ClockMode clock;
    private final ReportTarget report;
    private final ReportFormat format;
    private final Duration interval;
    private final int top;
    private final LogLevel log;
    private final Map<String, Long> tracepoints;
    private final Set<String> syscalls;
    private final KernelCheckMode kernelCheck;
    private final Duration startDelay;
    private final JniCritical jniCritical;
    private final Jmx jmx;
    private final int jmxSites;
    private final int stacks;
    private final int stackDepth;
    /** The keys the text gave, for commands that set some options themselves. */
    private final Set<AgentOption> given;

    private AgentOptions(Builder b) {
        this.include = Collections.unmodifiableList(b.include);
        this.exclude = Collections.unmodifiableList(b.exclude);
        this.coarse = Collections.unmodifiableSet(b.coarse);
        this.coarseInclude = Collections.unmodifiableList(b.coarseInclude);
        this.clock = b.clock;
        this.report = b.report;
        this.format = b.format;
        this.interval = b.interval;
        this.top = b.top;
        this.log = b.log;
        this.tracepoints = Collections.unmodifiableMap(b.tracepoints);
        this.syscalls = Collections.unmodifiableSet(b.syscalls);
        this.kernelCheck = b.kernelCheck;
        this.startDelay = b.startDelay;
        this.jniCritical = b.jniCritical;
        this.jmx = b.jmx;
        this.jmxSites = b.jmxSites;
        this.stacks = b.stacks;
        this.stackDepth = b.stackDepth;
        this.given = Collections.unmodifiableSet(b.given);
    }

    public static AgentOptions defaults() {
        return new AgentOptions(new Builder());
    }

    /** Parses an option text; null or blank means all defaults. */
    public static AgentOptions parse(String text) throws OptionException {
        Builder b = new Builder();
        if (text == null || text.trim().isEmpty()) {
            return new AgentOptions(b);
        }
        String[] pairs = text.split(",", -1);
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i];
            if (pair.trim().isEmpty()) {
                throw new OptionException("empty option " + (i + 1) + " of " + pairs.length + " in '" + text
                        + "': separate key=value pairs with single commas");
            }
            int eq = pair.indexOf('=');
            if (eq < 0 || pair.substring(0, eq).trim().isEmpty()) {
                throw new OptionException("'" + pair.trim() + "' is not key=value (known keys: " + AgentOption.keys() + ")");
            }
            String key = pair.substring(0, eq).trim();
            AgentOption option = AgentOption.byKey(key);
            if (option == null) {
                throw new OptionException("unknown option '" + key + "' (known keys: " + AgentOption.keys() + ")");
            }
            if (!b.given.add(option) && !option.repeatable()) {
                throw new OptionException("option '" + option.key() + "' given twice");
            }
            option.set(b, pair.substring(eq + 1).trim());
        }
        if (!b.coarseInclude.isEmpty() && b.coarse.isEmpty()) {
            throw new OptionException("coarseinclude= narrows coarse=, which is not given: add coarse=API"
                    + " (or coarse=wallclock)");
        }
        return new AgentOptions(b);
    }

    /** What {@link AgentOption#set} fills in; every field starts at its default. */
    static final class Builder {
        final List<ClassGlob> include = new ArrayList<>();
        final List<ClassGlob> exclude = new ArrayList<>();
        final Set<TimeApi> coarse = EnumSet.noneOf(TimeApi.class);
        final List<ClassGlob> coarseInclude = new ArrayList<>();
        ClockMode clock = ClockMode.VDSO;
        ReportTarget report = ReportTarget.STDERR;
        ReportFormat format = ReportFormat.TEXT;
        Duration interval;
        int top = 20;
        LogLevel log = LogLevel.WARN;
        final Map<String, Long> tracepoints = new TreeMap<>(new CanonicalOrder());
        final Set<String> syscalls = new TreeSet<>(new CanonicalOrder());
        KernelCheckMode kernelCheck = KernelCheckMode.SECCOMP;
        Duration startDelay = DEFAULT_START_DELAY;
        JniCritical jniCritical = JniCritical.AUTO;
        Jmx jmx = Jmx.ON;
        int jmxSites;
        int stacks = DEFAULT_STACKS;
        int stackDepth = DEFAULT_STACK_DEPTH;
        final Set<AgentOption> given = EnumSet.noneOf(AgentOption.class);

        Builder() {
            syscalls.add(TRACEPOINT_SYSCALLS.get(0));
        }
    }

    /**
     * Parses one {@code tracepoints=} value, {@code NAME:ID}, into {@code into}: NAME a time system call, ID the
     * number tracefs gives in {@code events/syscalls/sys_enter_NAME/id}. Also used by the vdso command.
     */
    public static void addTracepoint(String value, Map<String, Long> into) throws OptionException {
        int colon = value.indexOf(':');
        String name = colon < 0 ? "" : value.substring(0, colon);
        String digits = colon < 0 ? "" : value.substring(colon + 1);
        if (!TRACEPOINT_SYSCALLS.contains(name) || digits.isEmpty() || digits.length() > 9 || !isAsciiDigits(digits)) {
            throw new OptionException("tracepoints=" + value + " is not valid: use tracepoints=NAME:ID with NAME one of "
                    + String.join(", ", TRACEPOINT_SYSCALLS) + " and ID the number in"
                    + " /sys/kernel/tracing/events/syscalls/sys_enter_NAME/id, e.g. tracepoints=clock_gettime:480");
        }
        if (into.put(name, Long.parseLong(digits)) != null) {
            throw new OptionException("tracepoints= gives " + name + " twice");
        }
    }

    /** Only 0-9: parseInt and Character.isDigit also take other scripts' digits. */
    static boolean isAsciiDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** tracepoints= and syscalls= entries in {@link #TRACEPOINT_SYSCALLS} order (a class: premain spins no lambda). */
    private static final class CanonicalOrder implements Comparator<String> {
        @Override
        public int compare(String a, String b) {
            return Integer.compare(TRACEPOINT_SYSCALLS.indexOf(a), TRACEPOINT_SYSCALLS.indexOf(b));
        }
    }

    /** These options with {@code option} set to {@code value} (replacing what was given), for a command's own. */
    public AgentOptions with(AgentOption option, String value) throws OptionException {
        if (value.indexOf(',') >= 0) {
            throw new OptionException(option.key() + "=" + value + " is not valid: a value cannot contain a comma");
        }
        StringBuilder text = new StringBuilder();
        for (AgentOption each : AgentOption.values()) {
            if (each != option) {
                appendPairs(each, text);
            }
        }
        text.append(text.length() == 0 ? "" : ",").append(option.key()).append('=').append(value);
        return parse(text.toString());
    }

    /** Whether the text these options came from gave {@code option}. */
    public boolean gave(AgentOption option) {
        return given.contains(option);
    }

    public List<ClassGlob> include() {
        return include;
    }

    public List<ClassGlob> exclude() {
        return exclude;
    }

    /** The APIs whose sites read the coarse clock ({@code coarse=}), as the application calls them; empty if none. */
    public Set<TimeApi> coarse() {
        return coarse;
    }

    /** Where {@code coarse=} applies, by class name ({@code coarseinclude=}); empty: in every rewritten class. */
    public List<ClassGlob> coarseInclude() {
        return coarseInclude;
    }

    public ClockMode clock() {
        return clock;
    }

    public ReportTarget report() {
        return report;
    }

    public ReportFormat format() {
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

    /** How long into the JVM's life the background set-up waits ({@code startdelay=}); zero: at once. */
    public Duration startDelay() {
        return startDelay;
    }

    /** Whether the clock setup may link the JNI read's critical entry ({@code jnicritical=}). */
    public JniCritical jniCritical() {
        return jniCritical;
    }

    /** Whether the agent registers its MBeans ({@code jmx=}). */
    public Jmx jmx() {
        return jmx;
    }

    /** How many of the most called sites get an MBean of their own ({@code jmxsites=}); 0: none. */
    public int jmxSites() {
        return jmxSites;
    }

    /** One time call in this many has its stack sampled ({@code stacks=}); 0: none. */
    public int stacks() {
        return stacks;
    }

    /** How many frames of a sampled stack are kept ({@code stackdepth=}). */
    public int stackDepth() {
        return stackDepth;
    }

    /** The canonical option text: every option not at its default (and a few always), in {@link AgentOption} order. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (AgentOption option : AgentOption.values()) {
            appendPairs(option, s);
        }
        return s.toString();
    }

    /** The canonical text of just these options ({@code key=value,...}); empty when all are at their default. */
    public String canonical(AgentOption... options) {
        StringBuilder s = new StringBuilder();
        for (AgentOption option : options) {
            appendPairs(option, s);
        }
        return s.toString();
    }

    private void appendPairs(AgentOption option, StringBuilder s) {
        List<String> values = new ArrayList<>(2);
        option.write(this, values);
        for (String value : values) {
            s.append(s.length() == 0 ? "" : ",").append(option.key()).append('=').append(value);
        }
    }
}
