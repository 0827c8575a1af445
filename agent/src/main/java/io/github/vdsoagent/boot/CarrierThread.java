package io.github.vdsoagent.boot;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The platform thread a call runs on: the calling thread itself, or the carrier of a virtual thread. Virtual threads
 * count into their carrier's counts, with plain increments like any platform thread's, instead of atomic ones in
 * counts they all share: a virtual thread leaves its carrier only where it blocks (JDK 21 to 25 preempt none), so
 * between finding the carrier's counts and incrementing them no other thread runs on that carrier.
 *
 * <p>The JDK answers through its internal {@code JavaLangAccess.currentCarrierThread()}, which the agent's launcher
 * exports to this package on the JDKs checked to preempt nowhere in a count (21 to 25); without it (JDK 17, a later
 * JDK, or the export refused) this is {@code Thread.currentThread()} and virtual threads share
 * {@link VirtualThreadCounts}.
 */
final class CarrierThread {
    private static final String ACCESS_PACKAGE = "jdk.internal.access";
    private static final MethodHandle CURRENT = currentCarrierHandle();

    private CarrierThread() {
    }

    /** The thread whose counts a call made now goes into. */
    static Thread current() {
        if (CURRENT == null) {
            return Thread.currentThread();
        }
        try {
            return (Thread) CURRENT.invokeExact();
        } catch (Throwable e) { // cannot happen for this JDK method; the thread itself is still a right answer
            return Thread.currentThread();
        }
    }

    /** Whether virtual threads count into their carriers' counts here. */
    static boolean countsOnCarriers() {
        return CURRENT != null;
    }

    private static MethodHandle currentCarrierHandle() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Class<?> accessType = Class.forName(ACCESS_PACKAGE + ".JavaLangAccess");
            Object access = lookup.findStatic(Class.forName(ACCESS_PACKAGE + ".SharedSecrets"), "getJavaLangAccess",
                    MethodType.methodType(accessType)).invoke();
            return lookup.findVirtual(accessType, "currentCarrierThread", MethodType.methodType(Thread.class))
                    .bindTo(access);
        } catch (Throwable e) { // an older JDK, or the package not exported to us: count by Thread.currentThread()
            return null;
        }
    }
}
