package io.github.vdsoagent.bench.contrast;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/** glibc's clock_gettime(CLOCK_MONOTONIC) through JNA, the way a Java tool without its own JNI would read it. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JnaClockBench {
    private static final int CLOCK_MONOTONIC = 1;

    /** Direct mapping: JNA binds the native method itself, no proxy. */
    public static final class Direct {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        private Direct() {
        }

        public static native int clock_gettime(int clock, long[] timespec);
    }

    /** Interface mapping: the usual JNA style, through a dynamic proxy. */
    public interface LibC extends Library {
        LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        int clock_gettime(int clock, long[] timespec);
    }

    private final long[] timespec = new long[2];

    @Benchmark
    public long jnaDirect() {
        Direct.clock_gettime(CLOCK_MONOTONIC, timespec);
        return timespec[0] * 1_000_000_000L + timespec[1];
    }

    @Benchmark
    public long jnaInterface() {
        LibC.INSTANCE.clock_gettime(CLOCK_MONOTONIC, timespec);
        return timespec[0] * 1_000_000_000L + timespec[1];
    }
}
