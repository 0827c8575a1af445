package io.github.vdsoagent.boot;

import java.util.Arrays;
import java.util.Iterator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One walk of the calling thread's stack for a sample: the frames below the agent's own, as {@code class.method},
 * at most {@code depth} of them counted from the call, returned root first. A named class, not a lambda: a sample
 * may be taken at any time, even during the JVM's start. Line numbers are left out: each costs a stack trace
 * element (see docs/flamegraph.md), and the call site's own line is known from its site.
 */
final class StackWalk implements Function<Stream<StackWalker.StackFrame>, String[]> {
    /** Created with the first sample, not with the counting path's classes. */
    private static final StackWalker WALKER = StackWalker.getInstance();

    private final int depth;
    private String[] frames;
    private boolean truncated;

    private StackWalk(int depth) {
        this.depth = depth;
    }

    /** Walks the calling thread's stack now. */
    static StackWalk of(int depth) {
        StackWalk walk = new StackWalk(depth);
        walk.frames = WALKER.walk(walk);
        return walk;
    }

    /** Root first; the frame that made the call last. */
    String[] frames() {
        return frames;
    }

    /** Whether frames nearer the root were cut at {@code depth}. */
    boolean truncated() {
        return truncated;
    }

    @Override
    public String[] apply(Stream<StackWalker.StackFrame> stream) {
        String[] leafFirst = new String[depth];
        int n = 0;
        Iterator<StackWalker.StackFrame> it = stream.iterator();
        while (it.hasNext()) {
            StackWalker.StackFrame frame = it.next();
            String className = frame.getClassName();
            if (n == 0 && StackSampler.isOwnFrame(className)) {
                continue;
            }
            if (n == depth) {
                truncated = true;
                break;
            }
            leafFirst[n++] = className + '.' + frame.getMethodName();
        }
        String[] rootFirst = new String[n];
        for (int i = 0; i < n; i++) {
            rootFirst[i] = leafFirst[n - 1 - i];
        }
        return rootFirst;
    }

    @Override
    public String toString() {
        return Arrays.toString(frames);
    }
}
