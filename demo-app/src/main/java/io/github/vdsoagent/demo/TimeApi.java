package io.github.vdsoagent.demo;

import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;

/**
 * The catalogue: every time API the agent covers, each called at exactly one line of this file, in a loop. Under
 * the agent, each of these lines is one call site and shows exactly the number of calls the demo prints.
 * Clocks and the thread MXBean are obtained once per thread in {@link ThreadClocks}; their reads are counted
 * at the line there that obtained them.
 */
enum TimeApi implements ApiLoop {
    CURRENT_TIME_MILLIS("java.lang.System.currentTimeMillis") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += System.currentTimeMillis();
            }
            return sum;
        }
    },
    NANO_TIME("java.lang.System.nanoTime") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += System.nanoTime();
            }
            return sum;
        }
    },
    INSTANT_NOW("java.time.Instant.now") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += Instant.now().hashCode();
            }
            return sum;
        }
    },
    CLOCK_SYSTEM_UTC("java.time.Clock.systemUTC") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            Clock clock = clocks.utc();
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += clock.millis();
            }
            return sum;
        }
    },
    CLOCK_SYSTEM_DEFAULT_ZONE("java.time.Clock.systemDefaultZone") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            Clock clock = clocks.defaultZone();
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += clock.instant().hashCode();
            }
            return sum;
        }
    },
    LOCAL_DATE_NOW("java.time.LocalDate.now") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += LocalDate.now().hashCode();
            }
            return sum;
        }
    },
    LOCAL_DATE_NOW_ZONE("java.time.LocalDate.now(ZoneId)") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += LocalDate.now(ZONE).hashCode();
            }
            return sum;
        }
    },
    LOCAL_TIME_NOW("java.time.LocalTime.now") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += LocalTime.now().hashCode();
            }
            return sum;
        }
    },
    LOCAL_TIME_NOW_ZONE("java.time.LocalTime.now(ZoneId)") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += LocalTime.now(ZONE).hashCode();
            }
            return sum;
        }
    },
    LOCAL_DATE_TIME_NOW("java.time.LocalDateTime.now") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += LocalDateTime.now().hashCode();
            }
            return sum;
        }
    },
    LOCAL_DATE_TIME_NOW_ZONE("java.time.LocalDateTime.now(ZoneId)") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += LocalDateTime.now(ZONE).hashCode();
            }
            return sum;
        }
    },
    ZONED_DATE_TIME_NOW("java.time.ZonedDateTime.now") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += ZonedDateTime.now().hashCode();
            }
            return sum;
        }
    },
    ZONED_DATE_TIME_NOW_ZONE("java.time.ZonedDateTime.now(ZoneId)") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += ZonedDateTime.now(ZONE).hashCode();
            }
            return sum;
        }
    },
    OFFSET_DATE_TIME_NOW("java.time.OffsetDateTime.now") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += OffsetDateTime.now().hashCode();
            }
            return sum;
        }
    },
    OFFSET_DATE_TIME_NOW_ZONE("java.time.OffsetDateTime.now(ZoneId)") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += OffsetDateTime.now(ZONE).hashCode();
            }
            return sum;
        }
    },
    OFFSET_TIME_NOW("java.time.OffsetTime.now") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += OffsetTime.now().hashCode();
            }
            return sum;
        }
    },
    OFFSET_TIME_NOW_ZONE("java.time.OffsetTime.now(ZoneId)") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += OffsetTime.now(ZONE).hashCode();
            }
            return sum;
        }
    },
    NEW_DATE("new java.util.Date()") {
        @Override
        public long run(ThreadClocks clocks, long times) {
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += new Date().getTime();
            }
            return sum;
        }
    },
    THREAD_CPU_TIME("java.lang.management.ThreadMXBean.getCurrentThreadCpuTime", true) {
        @Override
        public long run(ThreadClocks clocks, long times) {
            ThreadMXBean bean = clocks.threadBean();
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += bean.getCurrentThreadCpuTime();
            }
            return sum;
        }
    },
    THREAD_USER_TIME("java.lang.management.ThreadMXBean.getCurrentThreadUserTime", true) {
        @Override
        public long run(ThreadClocks clocks, long times) {
            ThreadMXBean bean = clocks.threadBean();
            long sum = 0;
            for (long i = 0; i < times; i++) {
                sum += bean.getCurrentThreadUserTime();
            }
            return sum;
        }
    };

    /** The zone of the {@code now(ZoneId)} calls: a region with DST rules, not the default zone, not UTC. */
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private final String apiName;
    private final boolean alwaysEntersKernel;

    TimeApi(String apiName) {
        this(apiName, false);
    }

    /** For the ThreadMXBean reads: thread CPU clocks have no vDSO path, and user time is read from /proc. */
    TimeApi(String apiName, boolean alwaysEntersKernel) {
        this.apiName = apiName;
        this.alwaysEntersKernel = alwaysEntersKernel;
    }

    @Override
    public String apiName() {
        return apiName;
    }

    @Override
    public boolean alwaysEntersKernel() {
        return alwaysEntersKernel;
    }

    /**
     * The API of that name, with or without its package ({@code java.time.Instant.now} or {@code Instant.now},
     * {@code nanoTime}, {@code new Date()}), as the agent's {@code coarse=} option names it too; or null.
     */
    static TimeApi byName(String name) {
        for (TimeApi api : values()) {
            if (api.apiName.equals(name) || api.shortName().equals(name)) {
                return api;
            }
        }
        return null;
    }

    String shortName() {
        return apiName.replace("java.lang.System.", "").replace("java.lang.management.", "")
                .replace("java.time.", "").replace("java.util.", "");
    }
}
