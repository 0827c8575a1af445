package io.github.vdsoagent.bench.calls;

import io.github.vdsoagent.bench.gen.SiteClasses;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.lang.invoke.MethodHandle;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One call of a time API per operation. The same methods run in JVMs without the agent and with it (the runner,
 * {@link io.github.vdsoagent.bench.runner.BenchMain}, forks both); with it, each call site below is rewritten into
 * a call of the agent's clock stub. This package is what the agent includes ({@code include=...calls.*}); JMH's
 * generated harness, in the {@code jmh_generated} sub-package, is not rewritten.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimeCallBench {
    /** The generated classes' package: included by the agent like this one. */
    private static final String GENERATED = TimeCallBench.class.getPackage().getName() + ".Gen";

    @Setup(Level.Trial)
    public void setUp() {
        String backend = AgentProbe.check();
        System.out.println("# bench.agent=" + System.getProperty("bench.agent", "none") + ", clock backend: " + backend);
    }

    /** 10 generated classes of 1,000 one-site methods + getAsLong: 10,010 registered sites, all run once. */
    @State(Scope.Benchmark)
    public static class ManySites {
        LongSupplier last;

        @Setup(Level.Trial)
        public void setUp() {
            LongSupplier[] many = SiteClasses.load(GENERATED + "Sites", 10, 1000, true);
            last = many[many.length - 1];
        }
    }

    /** The same generated shape with one site, in a JVM (fork) that has no other generated sites. */
    @State(Scope.Benchmark)
    public static class OneSite {
        LongSupplier only;

        @Setup(Level.Trial)
        public void setUp() {
            only = SiteClasses.load(GENERATED + "OneSite", 1, 0, true)[0];
        }
    }

    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    @Benchmark
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Benchmark
    public Instant instantNow() {
        return Instant.now();
    }

    @Benchmark
    public LocalDateTime localDateTimeNow() {
        return LocalDateTime.now();
    }

    /** Two threads, one call site. */
    @Benchmark
    @Threads(2)
    public long nanoTimeTwoThreads() {
        return System.nanoTime();
    }

    /** nanoTime at a generated call site, the last of 10,010 registered ones (all run once at setup). */
    @Benchmark
    public long nanoTimeTenThousandSites(ManySites sites) {
        return sites.last.getAsLong();
    }

    /** The same generated shape with one site: what {@link #nanoTimeTenThousandSites} is compared with. */
    @Benchmark
    public long nanoTimeOneGeneratedSite(OneSite site) {
        return site.only.getAsLong();
    }

    /** The agent's JNI read of CLOCK_MONOTONIC alone, without counting (agent JVMs only). */
    @State(Scope.Benchmark)
    public static class RawJni {
        static final MethodHandle READ_VDSO = AgentProbe.readVdsoHandle();

        @Setup(Level.Trial)
        public void setUp() {
            if (READ_VDSO == null) {
                throw new IllegalStateException("rawJniRead needs the agent");
            }
            AgentProbe.check();
        }
    }

    @Benchmark
    public long rawJniRead(RawJni raw) throws Throwable {
        return (long) RawJni.READ_VDSO.invokeExact(1);
    }

    /** The agent's FFM downcall of the same vDSO function alone (agent JVMs on JDK 22+ only). */
    @State(Scope.Benchmark)
    public static class RawFfm {
        static final MethodHandle READ_FFM = AgentProbe.readFfmHandle();

        @Setup(Level.Trial)
        public void setUp() throws Throwable {
            if (READ_FFM == null) {
                throw new IllegalStateException("rawFfmRead needs the agent");
            }
            AgentProbe.check();
            if ((long) READ_FFM.invokeExact(1) == Long.MIN_VALUE) {
                throw new IllegalStateException("the agent has no FFM downcall bound in this JVM");
            }
        }
    }

    @Benchmark
    public long rawFfmRead(RawFfm raw) throws Throwable {
        return (long) RawFfm.READ_FFM.invokeExact(1);
    }
}
