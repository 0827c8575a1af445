package io.github.vdsoagent.clock;

import io.github.vdsoagent.boot.BackendBinding;
import io.github.vdsoagent.boot.ClockBackend;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;

/**
 * Builds, on JDK 22 and later, Foreign Function and Memory downcalls to the native helper's reads of the vDSO's
 * clock_gettime: {@code (int clockId) -> long} (nanoseconds, milliseconds, or packed seconds), critical calls, so
 * there is no thread-state transition, and no memory to pass (a timespec buffer would have to be found per thread
 * before each read). The agent is compiled for Java 17, where the FFM API does not exist, so it is reached through
 * reflection here, once; the handles it yields are then called directly.
 */
public final class FfmDowncall {
    private static final int FIRST_JDK = 22;

    private FfmDowncall() {
    }

    public static boolean available() {
        return Runtime.version().feature() >= FIRST_JDK;
    }

    /**
     * Binds the downcalls to the helper's reads, in nanoseconds, in milliseconds and in packed seconds and
     * nanoseconds, for {@code use(FFM)}.
     */
    public static void bind() throws ReflectiveOperationException {
        BackendBinding.bindFfm(clockRead(BackendBinding.nativeReadFunction()),
                clockRead(BackendBinding.nativeReadMillisFunction()),
                clockRead(BackendBinding.nativeReadSecondsNanosFunction()));
    }

    /**
     * A downcall, or an exception saying why the JDK would not build it.
     *
     * @param address one of the helper's {@code int64_t read_..._for_ffm(int32_t)} functions
     */
    static MethodHandle clockRead(long address) throws ReflectiveOperationException {
        Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
        Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
        Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
        Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
        Class<?> valueLayoutType = Class.forName("java.lang.foreign.ValueLayout");
        Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");

        Object javaInt = valueLayoutType.getField("JAVA_INT").get(null);
        Object javaLong = valueLayoutType.getField("JAVA_LONG").get(null);
        Object arguments = Array.newInstance(layoutType, 1);
        Array.set(arguments, 0, javaInt);
        Object descriptor = descriptorType.getMethod("of", layoutType, arguments.getClass()).invoke(null, javaLong, arguments);
        Object target = segmentType.getMethod("ofAddress", long.class).invoke(null, address);
        Object options = Array.newInstance(optionType, 1);
        Array.set(options, 0, optionType.getMethod("critical", boolean.class).invoke(null, false));
        Object linker = linkerType.getMethod("nativeLinker").invoke(null);
        return (MethodHandle) linkerType.getMethod("downcallHandle", segmentType, descriptorType,
                options.getClass()).invoke(linker, target, descriptor, options);
    }
}
