package io.github.vdsoagent.bench.contrast;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What one stack sample costs the thread that takes it (issue 26): a StackWalker walk as the agent's sampler makes
 * it (boot/StackWalk: class and method of up to 64 frames), from a stack {@code depth} frames deep, with and without
 * each frame's line number. No agent: run with {@code java -jar bench/target/benchmarks.jar --jmh StackWalkBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StackWalkBench {
    private static final StackWalker WALKER = StackWalker.getInstance();

    @Param({"20", "60"})
    int depth;

    @Param({"false", "true"})
    boolean lines;

    @Benchmark
    public String[] walk() {
        return down(depth);
    }

    private String[] down(int d) {
        return d > 0 ? down(d - 1) : WALKER.walk(new Frames(lines));
    }

    /** The sampler's walk: a named class, 64 frames at most. */
    static final class Frames implements Function<Stream<StackWalker.StackFrame>, String[]> {
        private final boolean lines;

        Frames(boolean lines) {
            this.lines = lines;
        }

        @Override
        public String[] apply(Stream<StackWalker.StackFrame> stream) {
            String[] out = new String[64];
            int n = 0;
            for (Iterator<StackWalker.StackFrame> it = stream.iterator(); it.hasNext() && n < 64; ) {
                StackWalker.StackFrame f = it.next();
                out[n++] = lines ? f.getClassName() + '.' + f.getMethodName() + ':' + f.getLineNumber()
                        : f.getClassName() + '.' + f.getMethodName();
            }
            return out;
        }
    }
}
