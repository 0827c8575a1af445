package io.github.vdsoagent.vocabulary;


import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import static net.bytebuddy.jar.asm.Opcodes.INVOKEINTERFACE;
import static net.bytebuddy.jar.asm.Opcodes.INVOKESPECIAL;
import static net.bytebuddy.jar.asm.Opcodes.INVOKESTATIC;

/**
 * The time APIs whose call sites are rewritten: the instruction that calls each, the clock it reads, and the
 * {@code ClockStub} method that replaces it (the original arguments plus the call site's id, an int).
 */
public enum TimeApi {
    CURRENT_TIME_MILLIS("java.lang.System.currentTimeMillis", ClockId.CLOCK_REALTIME,
            INVOKESTATIC, "java/lang/System", "currentTimeMillis", "()J", "currentTimeMillis", "(I)J"),
    NANO_TIME("java.lang.System.nanoTime", ClockId.CLOCK_MONOTONIC,
            INVOKESTATIC, "java/lang/System", "nanoTime", "()J", "nanoTime", "(I)J"),
    INSTANT_NOW("java.time.Instant.now", ClockId.CLOCK_REALTIME,
            INVOKESTATIC, "java/time/Instant", "now", "()Ljava/time/Instant;", "instantNow", "(I)Ljava/time/Instant;"),
    CLOCK_SYSTEM_UTC("java.time.Clock.systemUTC", ClockId.CLOCK_REALTIME,
            INVOKESTATIC, "java/time/Clock", "systemUTC", "()Ljava/time/Clock;", "systemUTC", "(I)Ljava/time/Clock;"),
    CLOCK_SYSTEM_DEFAULT_ZONE("java.time.Clock.systemDefaultZone", ClockId.CLOCK_REALTIME,
            INVOKESTATIC, "java/time/Clock", "systemDefaultZone", "()Ljava/time/Clock;",
            "systemDefaultZone", "(I)Ljava/time/Clock;"),
    LOCAL_DATE_NOW("LocalDate", "localDateNow", false),
    LOCAL_DATE_NOW_ZONE("LocalDate", "localDateNow", true),
    LOCAL_TIME_NOW("LocalTime", "localTimeNow", false),
    LOCAL_TIME_NOW_ZONE("LocalTime", "localTimeNow", true),
    LOCAL_DATE_TIME_NOW("LocalDateTime", "localDateTimeNow", false),
    LOCAL_DATE_TIME_NOW_ZONE("LocalDateTime", "localDateTimeNow", true),
    ZONED_DATE_TIME_NOW("ZonedDateTime", "zonedDateTimeNow", false),
    ZONED_DATE_TIME_NOW_ZONE("ZonedDateTime", "zonedDateTimeNow", true),
    OFFSET_DATE_TIME_NOW("OffsetDateTime", "offsetDateTimeNow", false),
    OFFSET_DATE_TIME_NOW_ZONE("OffsetDateTime", "offsetDateTimeNow", true),
    OFFSET_TIME_NOW("OffsetTime", "offsetTimeNow", false),
    OFFSET_TIME_NOW_ZONE("OffsetTime", "offsetTimeNow", true),
    /** {@code new Date()}: the constructor call becomes {@code <init>(J)} fed by {@code ClockStub.dateMillis}. */
    NEW_DATE("new java.util.Date()", ClockId.CLOCK_REALTIME,
            INVOKESPECIAL, "java/util/Date", "<init>", "()V", "dateMillis", "(I)J"),
    THREAD_CPU_TIME("java.lang.management.ThreadMXBean.getCurrentThreadCpuTime", ClockId.CLOCK_THREAD_CPUTIME_ID,
            INVOKEINTERFACE, "java/lang/management/ThreadMXBean", "getCurrentThreadCpuTime", "()J",
            "currentThreadCpuTime", "(Ljava/lang/management/ThreadMXBean;I)J"),
    /** The JDK reads this from /proc, not from a clock: counted, and always left to the JDK. */
    THREAD_USER_TIME("java.lang.management.ThreadMXBean.getCurrentThreadUserTime", null,
            INVOKEINTERFACE, "java/lang/management/ThreadMXBean", "getCurrentThreadUserTime", "()J",
            "currentThreadUserTime", "(Ljava/lang/management/ThreadMXBean;I)J"),

    // The coarse twins (coarse=): the same call, retargeted at CoarseClockStub's method of the same name and
    // descriptor, which reads the coarse clock. The report gives each twin a row of its own.
    CURRENT_TIME_MILLIS_COARSE(CURRENT_TIME_MILLIS),
    NANO_TIME_COARSE(NANO_TIME),
    INSTANT_NOW_COARSE(INSTANT_NOW),
    CLOCK_SYSTEM_UTC_COARSE(CLOCK_SYSTEM_UTC),
    CLOCK_SYSTEM_DEFAULT_ZONE_COARSE(CLOCK_SYSTEM_DEFAULT_ZONE),
    LOCAL_DATE_NOW_COARSE(LOCAL_DATE_NOW),
    LOCAL_DATE_NOW_ZONE_COARSE(LOCAL_DATE_NOW_ZONE),
    LOCAL_TIME_NOW_COARSE(LOCAL_TIME_NOW),
    LOCAL_TIME_NOW_ZONE_COARSE(LOCAL_TIME_NOW_ZONE),
    LOCAL_DATE_TIME_NOW_COARSE(LOCAL_DATE_TIME_NOW),
    LOCAL_DATE_TIME_NOW_ZONE_COARSE(LOCAL_DATE_TIME_NOW_ZONE),
    ZONED_DATE_TIME_NOW_COARSE(ZONED_DATE_TIME_NOW),
    ZONED_DATE_TIME_NOW_ZONE_COARSE(ZONED_DATE_TIME_NOW_ZONE),
    OFFSET_DATE_TIME_NOW_COARSE(OFFSET_DATE_TIME_NOW),
    OFFSET_DATE_TIME_NOW_ZONE_COARSE(OFFSET_DATE_TIME_NOW_ZONE),
    OFFSET_TIME_NOW_COARSE(OFFSET_TIME_NOW),
    OFFSET_TIME_NOW_ZONE_COARSE(OFFSET_TIME_NOW_ZONE),
    NEW_DATE_COARSE(NEW_DATE);

    /** The class every precise replacement call goes to (on the boot class path). */
    public static final String STUB_CLASS = "io/github/vdsoagent/boot/ClockStub";
    /** The class the coarse twins' calls go to. */
    public static final String COARSE_STUB_CLASS = "io/github/vdsoagent/boot/CoarseClockStub";

    /** What the report names the user-time API's source instead of a clock id. */
    public static final String PROC_STAT_LABEL = "/proc/self/task/<tid>/stat";

    /** The owners whose constant-pool presence means a class may call one of these APIs. */
    public static final Set<String> OWNERS = owners();
    /** The method names these APIs are called by. */
    public static final Set<String> METHOD_NAMES = methodNames();

    private static final String SUN_THREAD_MX_BEAN = "com/sun/management/ThreadMXBean";
    private static final String ZONE_ID = "Ljava/time/ZoneId;";

    private final String apiName;
    private final ClockId clock;
    private final int opcode;
    private final String owner;
    private final String name;
    private final String descriptor;
    private final String stubName;
    private final String stubDescriptor;
    /** For a coarse twin, the API as the application calls it; null for that API itself. */
    private final TimeApi precise;
    /** The coarse twin of an API that has one; set once, as the enum is initialized. */
    private TimeApi coarse;

    TimeApi(String apiName, ClockId clock, int opcode, String owner, String name, String descriptor,
            String stubName, String stubDescriptor) {
        this.apiName = apiName;
        this.clock = clock;
        this.opcode = opcode;
        this.owner = owner;
        this.name = name;
        this.descriptor = descriptor;
        this.stubName = stubName;
        this.stubDescriptor = stubDescriptor;
        this.precise = null;
    }

    /** The coarse twin of {@code precise}: the same call, reading the coarse clock through CoarseClockStub. */
    TimeApi(TimeApi precise) {
        this.apiName = precise.apiName;
        this.clock = precise.clock.coarse();
        this.opcode = precise.opcode;
        this.owner = precise.owner;
        this.name = precise.name;
        this.descriptor = precise.descriptor;
        this.stubName = precise.stubName;
        this.stubDescriptor = precise.stubDescriptor;
        this.precise = precise;
    }

    static {
        for (TimeApi api : values()) {
            if (api.precise != null) {
                api.precise.coarse = api;
            }
        }
    }

    /** The {@code now()} and {@code now(ZoneId)} factories of the java.time types. */
    TimeApi(String javaTimeType, String stubName, boolean withZone) {
        this("java.time." + javaTimeType + ".now" + (withZone ? "(ZoneId)" : ""), ClockId.CLOCK_REALTIME,
                INVOKESTATIC, "java/time/" + javaTimeType, "now",
                "(" + (withZone ? ZONE_ID : "") + ")L" + "java/time/" + javaTimeType + ";",
                stubName, "(" + (withZone ? ZONE_ID : "") + "I)L" + "java/time/" + javaTimeType + ";");
    }

    /** The API an invoke instruction calls, or null. */
    public static TimeApi of(int opcode, String owner, String name, String descriptor) {
        if (!OWNERS.contains(owner)) {
            return null;
        }
        String effectiveOwner = owner.equals(SUN_THREAD_MX_BEAN) ? "java/lang/management/ThreadMXBean" : owner;
        for (TimeApi api : VALUES) {
            if (api.precise == null && api.opcode == opcode && api.owner.equals(effectiveOwner) && api.name.equals(name)
                    && api.descriptor.equals(descriptor)) {
                return api;
            }
        }
        return null;
    }

    private static final List<TimeApi> VALUES = Collections.unmodifiableList(Arrays.asList(values()));

    private static Set<String> owners() {
        Set<String> owners = new HashSet<>();
        for (TimeApi api : values()) {
            owners.add(api.owner);
        }
        owners.add(SUN_THREAD_MX_BEAN); // the JDK's extended ThreadMXBean inherits both methods
        return Collections.unmodifiableSet(owners);
    }

    private static Set<String> methodNames() {
        Set<String> names = new HashSet<>();
        for (TimeApi api : values()) {
            names.add(api.name);
        }
        return Collections.unmodifiableSet(names);
    }

    /** The clocks these APIs (coarse twins included) read, each once, in clock id order. */
    public static List<ClockId> clocks() {
        SortedSet<ClockId> clocks = new TreeSet<>();
        for (TimeApi api : VALUES) {
            if (api.clock != null) {
                clocks.add(api.clock);
            }
        }
        return List.copyOf(clocks);
    }

    /** The name reports use, such as {@code java.lang.System.nanoTime}; a coarse twin's is its API's. */
    public String apiName() {
        return apiName;
    }

    /**
     * The name without its package, as {@code coarse=} also takes it: {@code currentTimeMillis}, {@code nanoTime},
     * {@code Instant.now}, {@code LocalDate.now(ZoneId)}, {@code new Date()}.
     */
    public String shortName() {
        return apiName.replace("java.lang.System.", "").replace("java.lang.management.", "")
                .replace("java.time.", "").replace("java.util.", "");
    }

    /** Whether this is a coarse twin: a call retargeted at the coarse clock. */
    public boolean isCoarse() {
        return precise != null;
    }

    /** The API as the application calls it: this one, or a coarse twin's original. */
    public TimeApi precise() {
        return precise == null ? this : precise;
    }

    /** This API's coarse twin, or null for an API without one (thread CPU and user time) and for a twin itself. */
    public TimeApi coarse() {
        return coarse;
    }

    /** Whether this API reads the wall clock: what {@code coarse=wallclock} names (the precise APIs only). */
    public boolean readsWallClock() {
        return precise == null && clock == ClockId.CLOCK_REALTIME;
    }

    /** The boot class the replacement call goes to. */
    public String stubClass() {
        return precise == null ? STUB_CLASS : COARSE_STUB_CLASS;
    }

    /** The clock this API reads, or null for thread user time, which the JDK reads from /proc. */
    public ClockId clock() {
        return clock;
    }

    /** The clock's name, or what the JDK reads instead. */
    public String clockLabel() {
        return clock == null ? PROC_STAT_LABEL : clock.name();
    }

    public String stubName() {
        return stubName;
    }

    public String stubDescriptor() {
        return stubDescriptor;
    }

    public boolean isConstructor() {
        return opcode == INVOKESPECIAL;
    }
}
