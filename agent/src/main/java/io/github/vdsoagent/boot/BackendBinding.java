package io.github.vdsoagent.boot;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * Binds the clock stub's native paths, owner only: loads the native helper, points it at the vDSO's clock_gettime,
 * sets HotSpot's critical-natives flag while the JNI read is linked, and hands over the FFM downcalls. Nothing here is
 * on the hot path; {@link ClockBackend} switches to a path once it is bound.
 */
public final class BackendBinding {
    private static final MethodType FFM_TYPE = MethodType.methodType(long.class, int.class);

    private static volatile boolean nativeLoaded;
    private static volatile MethodHandle ffmHandle;
    private static volatile MethodHandle ffmMillisHandle;
    private static volatile MethodHandle ffmSecondsNanosHandle;

    private BackendBinding() {
    }

    /** Loads the native helper from a file the agent extracted and verified. Owner only. */
    public static void loadNative(String path) {
        OwnerCheck.check();
        if (!nativeLoaded) {
            NativeClock.load(path);
            nativeLoaded = true;
        }
    }

    /** Points the native helper at the vDSO's clock_gettime. Owner only: the address is called as a function. */
    public static void bindVdso(long address) {
        OwnerCheck.check();
        requireNative();
        NativeClock.bind(address);
    }

    /**
     * Sets HotSpot's CriticalJNINatives flag; returns its value before (0 or 1) or a negative reason for leaving it.
     * Owner only: it changes how the JVM links every native method whose library has a critical entry.
     */
    public static int setCriticalNatives(boolean on) {
        OwnerCheck.check();
        requireNative();
        return NativeClock.setCriticalNatives(on);
    }

    /** Whether JNI reads have gone through the helper's critical entry, which skips the thread-state transitions. */
    public static boolean criticalEntryUsed() {
        return nativeLoaded && NativeClock.criticalEntryUsed();
    }

    /**
     * Where the native helper's read is, as a plain C function {@code int64_t (int32_t clock)} for an FFM downcall:
     * it calls the vDSO function given to {@link #bindVdso} and returns nanoseconds or {@link ClockBackend#FALLBACK}.
     */
    public static long nativeReadFunction() {
        requireNative();
        return NativeClock.readFunction();
    }

    /** Where the helper's millisecond read is, like {@link #nativeReadFunction}; it returns milliseconds. */
    public static long nativeReadMillisFunction() {
        requireNative();
        return NativeClock.readMillisFunction();
    }

    /** Where the helper's packed read is, like {@link #nativeReadFunction}; it returns {@link ClockBackend#pack}'s values. */
    public static long nativeReadSecondsNanosFunction() {
        requireNative();
        return NativeClock.readSecondsNanosFunction();
    }

    /**
     * Hands over the FFM downcalls to the helper's reads ({@link #nativeReadFunction}, {@link
     * #nativeReadMillisFunction}, {@link #nativeReadSecondsNanosFunction}), each {@code (int) -> long}. Owner only:
     * the addresses inside them are called as functions. Switch to them with {@code ClockBackend.use(FFM)}.
     */
    public static void bindFfm(MethodHandle readNanos, MethodHandle readMillis, MethodHandle readSecondsNanos) {
        OwnerCheck.check();
        for (MethodHandle handle : new MethodHandle[]{readNanos, readMillis, readSecondsNanos}) {
            if (!handle.type().equals(FFM_TYPE)) {
                throw new IllegalArgumentException("expected " + FFM_TYPE + ", got " + handle.type());
            }
        }
        if (ffmHandle == null) { // ffmHandle last: a reader that sees it (volatile) sees the other two
            ffmMillisHandle = readMillis;
            ffmSecondsNanosHandle = readSecondsNanos;
            ffmHandle = readNanos;
        }
        if (!FfmClock.isBound()) { // initializes FfmClock, which takes the handle as its constant
            throw new IllegalStateException("the FFM downcall could not be bound");
        }
    }

    /** The FFM downcalls, once bound; read once by FfmClock's initialization. */
    static MethodHandle ffmHandle() {
        return ffmHandle;
    }

    static MethodHandle ffmMillisHandle() {
        return ffmMillisHandle;
    }

    static MethodHandle ffmSecondsNanosHandle() {
        return ffmSecondsNanosHandle;
    }

    private static void requireNative() {
        if (!nativeLoaded) {
            throw new IllegalStateException("the native helper is not loaded");
        }
    }

    public static boolean nativeLoaded() {
        return nativeLoaded;
    }
}
