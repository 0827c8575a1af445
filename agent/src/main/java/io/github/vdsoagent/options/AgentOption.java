package io.github.vdsoagent.options;

import io.github.vdsoagent.text.Durations;
import io.github.vdsoagent.vocabulary.ClockMode;
import io.github.vdsoagent.vocabulary.LogLevel;
import io.github.vdsoagent.vocabulary.ReportFormat;

import java.nio.file.InvalidPathException;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every agent option, defined once: its key, whether it may be repeated, its values and default as the docs show
 * them, a one-line description, how a value is read and how it is written back in the canonical form. The parser,
 * the canonical form and the docs' option table (checked by a test) all come from here. Constants with bodies, not
 * lambdas: options are parsed in premain, where each lambda's first use would spin a class.
 */
public enum AgentOption {
    INCLUDE("include", true,
            "a class-name glob; repeatable",
            "none: every class",
            "Rewrite only classes that match at least one `include` glob.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            b.include.add(ClassGlob.parse(value));
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            for (ClassGlob glob : o.include()) {
                values.add(glob.toString());
            }
        }
    },
    EXCLUDE("exclude", true,
            "a class-name glob; repeatable",
            "none",
            "Never rewrite classes that match an `exclude` glob.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            b.exclude.add(ClassGlob.parse(value));
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            for (ClassGlob glob : o.exclude()) {
                values.add(glob.toString());
            }
        }
    },
    COARSE("coarse", true,
            "an API name as the report gives it (`currentTimeMillis`, `Instant.now`, `new Date()`, ...) or `wallclock`; repeatable",
            "none: every site reads the precise clock",
            "Sites of these APIs read the coarse clock, the kernel's last tick, instead of the precise one.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            CoarseApis.add(value, b.coarse);
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            CoarseApis.write(o.coarse(), values);
        }
    },
    COARSEINCLUDE("coarseinclude", true,
            "a class-name glob; repeatable",
            "none: every rewritten class",
            "Apply `coarse` only in classes that match at least one `coarseinclude` glob.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            b.coarseInclude.add(ClassGlob.parse(value));
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            for (ClassGlob glob : o.coarseInclude()) {
                values.add(glob.toString());
            }
        }
    },
    CLOCK("clock", false,
            "`vdso`, `jvm`, `syscall`",
            "`vdso`",
            "The path rewritten calls read the clock through.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            b.clock = choice(ClockMode.class, this, value);
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            values.add(lower(o.clock()));
        }
    },
    REPORT("report", false,
            "`stderr`, `none`, or a file path",
            "`stderr` (`none` under `attach`)",
            "Where reports go; a file must be a new path or a regular file of the user's.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            b.report = reportTarget(value);
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            values.add(o.report().toString());
        }
    },
    FORMAT("format", false,
            "`text`, `json`, `collapsed`, `html`",
            "`text`",
            "The report's format; `collapsed` and `html` give the sampled stacks as a flame graph's input or page.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            b.format = choice(ReportFormat.class, this, value);
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            values.add(lower(o.format()));
        }
    },
    INTERVAL("interval", false,
            "a duration",
            "none: a report at exit only",
            "Also write a report this often.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            b.interval = duration(value, false);
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            if (o.interval() != null) {
                values.add(Durations.format(o.interval()));
            }
        }
    },
    TOP("top", false,
            "a whole number from 0 to 100000",
            "`20`",
            "How many call sites the report lists.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            b.top = count(this, value);
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            values.add(Integer.toString(o.top()));
        }
    },
    LOG("log", false,
            "`warn`, `info`, `debug`",
            "`warn`",
            "How much the agent says about itself on stderr.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            b.log = choice(LogLevel.class, this, value);
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            values.add(lower(o.log()));
        }
    },
    TRACEPOINTS("tracepoints", true,
            "`NAME:ID`, NAME one of `clock_gettime`, `gettimeofday`, `time`; repeatable",
            "none: ids read from tracefs",
            "Tracepoint ids for hosts where tracefs is not readable.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            AgentOptions.addTracepoint(value, b.tracepoints);
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            for (Map.Entry<String, Long> t : o.tracepoints().entrySet()) {
                values.add(t.getKey() + ':' + t.getValue());
            }
        }
    },
    SYSCALLS("syscalls", true,
            "`clock_gettime`, `gettimeofday`, `time`, `all`; repeatable",
            "`clock_gettime`",
            "Which time system calls the kernel check counts.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            if (asciiEqualsIgnoreCase("all", value)) {
                b.syscalls.addAll(AgentOptions.TRACEPOINT_SYSCALLS);
                return;
            }
            for (String name : AgentOptions.TRACEPOINT_SYSCALLS) {
                if (asciiEqualsIgnoreCase(name, value)) {
                    b.syscalls.add(name);
                    return;
                }
            }
            throw new OptionException("syscalls=" + value + " is not valid: use syscalls=NAME with NAME one of "
                    + String.join(", ", AgentOptions.TRACEPOINT_SYSCALLS) + ", or syscalls=all");
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            for (String name : o.syscalls()) {
                if (!name.equals(AgentOptions.TRACEPOINT_SYSCALLS.get(0))) {
                    values.add(name);
                }
            }
        }
    },
    KERNELCHECK("kernelcheck", false,
            "`seccomp`, `perf`, `timing`",
            "`seccomp`",
            "How the agent learns whether reads entered the kernel: a seccomp probe, the kernel's counters, or inference.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            b.kernelCheck = choice(KernelCheckMode.class, this, value);
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            if (o.kernelCheck() != KernelCheckMode.SECCOMP) {
                values.add(lower(o.kernelCheck()));
            }
        }
    },
    STARTDELAY("startdelay", false,
            "a duration, or `0`",
            "`1s`",
            "When the agent's background set-up starts, counted from the JVM's start.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            b.startDelay = duration(value, true);
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            if (!o.startDelay().equals(AgentOptions.DEFAULT_START_DELAY)) {
                values.add(o.startDelay().isZero() ? "0" : Durations.format(o.startDelay()));
            }
        }
    },
    JNICRITICAL("jnicritical", false,
            "`auto`, `off`",
            "`auto`",
            "Whether, on JDK 17, the agent links its JNI read to the helper's critical entry.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            b.jniCritical = choice(JniCritical.class, this, value);
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            if (o.jniCritical() != JniCritical.AUTO) {
                values.add(lower(o.jniCritical()));
            }
        }
    },
    JMX("jmx", false,
            "`on`, `off`",
            "`on`",
            "Whether the agent registers MBeans with its counts, for JMX exporters.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            b.jmx = choice(Jmx.class, this, value);
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            if (o.jmx() != Jmx.ON) {
                values.add(lower(o.jmx()));
            }
        }
    },
    JMXSITES("jmxsites", false,
            "a whole number from 0 to 1000",
            "`0`",
            "How many of the most called call sites get an MBean of their own.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            b.jmxSites = whole(this, value, 0, AgentOptions.MAX_JMX_SITES);
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            if (o.jmxSites() != 0) {
                values.add(Integer.toString(o.jmxSites()));
            }
        }
    },
    STACKS("stacks", false,
            "`0`, or a whole number N from 1 to 100000000",
            "`" + AgentOptions.DEFAULT_STACKS + "`",
            "Sample the stack of one time call in N (at most " + AgentOptions.SAMPLES_PER_SECOND
                    + " a second per JVM) for the flame graph; `0` turns it off.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            b.stacks = whole(this, value, 0, 100_000_000);
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            if (o.stacks() != AgentOptions.DEFAULT_STACKS) {
                values.add(Integer.toString(o.stacks()));
            }
        }
    },
    STACKDEPTH("stackdepth", false,
            "a whole number from 1 to 2048",
            "`" + AgentOptions.DEFAULT_STACK_DEPTH + "`",
            "How many frames of a sampled stack are kept, counted from the time call.") {
        @Override
        void set(AgentOptions.Builder b, String value) throws OptionException {
            b.stackDepth = whole(this, value, 1, 2048);
        }

        @Override
        void write(AgentOptions o, List<String> values) {
            if (o.stackDepth() != AgentOptions.DEFAULT_STACK_DEPTH) {
                values.add(Integer.toString(o.stackDepth()));
            }
        }
    };

    private final String key;
    private final boolean repeatable;
    private final String allowed;
    private final String defaultText;
    private final String summary;

    AgentOption(String key, boolean repeatable, String allowed, String defaultText, String summary) {
        this.key = key;
        this.repeatable = repeatable;
        this.allowed = allowed;
        this.defaultText = defaultText;
        this.summary = summary;
    }

    /** Reads one value into the builder; throws with one line a user can act on. */
    abstract void set(AgentOptions.Builder builder, String value) throws OptionException;

    /** The values of this option in {@code options}, as the canonical form writes them; none when at its default. */
    abstract void write(AgentOptions options, List<String> values);

    public String key() {
        return key;
    }

    public boolean repeatable() {
        return repeatable;
    }

    /** The values it takes, as the docs' table shows them. */
    public String allowed() {
        return allowed;
    }

    /** The default, as the docs' table shows it. */
    public String defaultText() {
        return defaultText;
    }

    /** What the option does, in one line. */
    public String summary() {
        return summary;
    }

    /** The option with this key (ASCII letters in any case, nothing else), or null. */
    public static AgentOption byKey(String key) {
        for (AgentOption option : values()) {
            if (asciiEqualsIgnoreCase(option.key, key)) {
                return option;
            }
        }
        return null;
    }

    /** String.equalsIgnoreCase would also fold other scripts' letters, such as U+0130 to 'i'. */
    static boolean asciiEqualsIgnoreCase(String lowerKey, String typed) {
        if (lowerKey.length() != typed.length()) {
            return false;
        }
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != lowerKey.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Every key, in the order of this definition, for messages. */
    public static String keys() {
        StringBuilder all = new StringBuilder();
        for (AgentOption option : values()) {
            all.append(all.length() == 0 ? "" : ", ").append(option.key);
        }
        return all.toString();
    }

    private static <E extends Enum<E>> E choice(Class<E> type, AgentOption option, String value) throws OptionException {
        for (E e : type.getEnumConstants()) {
            if (asciiEqualsIgnoreCase(lower(e), value)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : "|").append(lower(e));
        }
        throw new OptionException(option.key + "=" + value + " is not valid: use " + option.key + "=" + allowed);
    }

    /** 0 to 100000 in ASCII digits. */
    static int count(AgentOption option, String value) throws OptionException {
        return whole(option, value, 0, 100_000);
    }

    /**
     * {@code min} to {@code max} in at most 9 ASCII digits: Integer.parseInt would also take other scripts' digits
     * and a sign.
     */
    static int whole(AgentOption option, String value, int min, int max) throws OptionException {
        if (!value.isEmpty() && value.length() <= 9 && AgentOptions.isAsciiDigits(value)) {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw new OptionException(option.key + "=" + value + " is not valid: use a whole number from " + min + " to "
                + max);
    }

    private static ReportTarget reportTarget(String value) throws OptionException {
        if (asciiEqualsIgnoreCase("stderr", value)) {
            return ReportTarget.STDERR;
        }
        if (asciiEqualsIgnoreCase("none", value)) {
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

    private static java.time.Duration duration(String value, boolean zeroAllowed) throws OptionException {
        try {
            return zeroAllowed ? Durations.parseOrZero(value) : Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new OptionException(e.getMessage());
        }
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
