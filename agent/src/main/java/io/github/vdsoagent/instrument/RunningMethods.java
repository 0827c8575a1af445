package io.github.vdsoagent.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of some methods are running in a thread now. After an attach rewrites a class, a method that is already
 * running (a main loop that never returns) keeps its old code for that invocation, so its calls are not counted:
 * the report names such methods. One look at every thread's stack: a safepoint and a walk of the stacks, done once
 * per attach.
 */
final class RunningMethods {
    private RunningMethods() {
    }

    /** @param methods {@code class.method} names, the class in dotted binary form */
    static List<String> among(Set<String> methods) {
        if (methods.isEmpty()) {
            return List.of();
        }
        Set<String> running = new TreeSet<>();
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            if (thread.getKey() == Thread.currentThread()) {
                continue;
            }
            for (StackTraceElement frame : thread.getValue()) {
                String method = frame.getClassName() + '.' + frame.getMethodName();
                if (methods.contains(method)) {
                    running.add(method);
                }
            }
        }
        return new ArrayList<>(running);
    }
}
