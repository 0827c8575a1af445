package io.github.vdsoagent.clock;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;

/**
 * Builds, on JDK 22 and later, a Foreign Function and Memory downcall to the vDSO's clock_gettime at a resolved
 * address: {@code (int clockId, long[] timespec) -> int}, a critical call with heap access, so neither a thread
 * state transition nor an off-heap buffer is needed. The agent is compiled for Java 11, so the FFM API is reached
 * through reflection here, once; the handle it yields is then called directly.
 */
public final class FfmDowncall {
    private static final int FIRST_JDK = 22;

    private FfmDowncall() {
    }

    public static boolean available() {
        return Runtime.version().feature() >= FIRST_JDK;
    }

    /** The downcall, or an exception saying why the JDK would not build it. */
    public static MethodHandle clockGettime(long address) throws ReflectiveOperationException {
        Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
        Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
        Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
        Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
        Class<?> valueLayoutType = Class.forName("java.lang.foreign.ValueLayout");
        Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");

        Object javaInt = valueLayoutType.getField("JAVA_INT").get(null);
        Object pointer = valueLayoutType.getField("ADDRESS").get(null);
        Object arguments = Array.newInstance(layoutType, 2);
        Array.set(arguments, 0, javaInt);
        Array.set(arguments, 1, pointer);
        Object descriptor = descriptorType.getMethod("of", layoutType, arguments.getClass()).invoke(null, javaInt, arguments);
        Object target = segmentType.getMethod("ofAddress", long.class).invoke(null, address);
        Object options = Array.newInstance(optionType, 1);
        Array.set(options, 0, optionType.getMethod("critical", boolean.class).invoke(null, true));
        Object linker = linkerType.getMethod("nativeLinker").invoke(null);
        MethodHandle call = (MethodHandle) linkerType.getMethod("downcallHandle", segmentType, descriptorType,
                options.getClass()).invoke(linker, target, descriptor, options);
        MethodHandle ofArray = MethodHandles.publicLookup().findStatic(segmentType, "ofArray",
                MethodType.methodType(segmentType, long[].class));
        return MethodHandles.filterArguments(call, 1, ofArray);
    }
}
