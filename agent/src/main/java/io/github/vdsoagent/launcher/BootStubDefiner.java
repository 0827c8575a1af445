package io.github.vdsoagent.launcher;

import io.github.vdsoagent.boot.PathReads;
import io.github.vdsoagent.boot.BackendBinding;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the clock stub's classes ({@code io.github.vdsoagent.boot}) in the boot class loader, where classes of
 * every class loader can resolve them, even loaders that never delegate to the application class loader.
 *
 * <p>The documented way, {@code Instrumentation.appendToBootstrapClassLoaderSearch}, makes HotSpot print "Sharing
 * is only supported for boot loader classes because bootstrap classpath has been appended" and switches off class
 * data sharing for every application class, which slows the host's start-up. So instead the agent uses its
 * Instrumentation's right to export {@code jdk.internal.misc} to itself and defines the first of these classes, read
 * from its own jar, through the JDK's internal {@code Unsafe.defineClass} with a null (boot) loader, and the others
 * in the first one's package with {@code Lookup.defineClass}. It then opens
 * {@code java.util} to the stub's module (the boot loader's unnamed one, which holds only the stub unless the host
 * appended to the boot class path), for DefaultZone; and on JDK 21 to 25 exports {@code jdk.internal.access} to it,
 * for CarrierThread.
 */
final class BootStubDefiner {
    static final String STUB_PACKAGE = "io/github/vdsoagent/boot/";
    /**
     * The package's classes, by name rather than by a walk over the jar's ~4,000 entries, which costs the host
     * ~20 ms of interpreted start-up. BootStubDefinerTest keeps this list equal to the compiled package.
     */
    static final String[] STUB_CLASSES = {
        "BackendBinding", "CallCounter", "CarrierThread", "ClockBackend", "ClockStub", "CoarseClockStub",
        "CoarseCountingClock", "CountPages", "CountingClock", "DefaultZone", "DefaultZone$Cached", "FfmClock",
        "NativeClock", "OwnerCheck", "PageOwners", "PathReads", "PerfCounters", "SampleBudget", "SampledStacks",
        "SampledStacks$Key", "SampledStacks$Sample", "SamplingStats", "SeccompNative", "StackSampler",
        "StackSampler$Listener", "StackWalk", "ThreadCounts", "ThreadCpuClock", "Today", "VirtualThreadCounts",
    };
    private static final String INTERNAL_MISC = "jdk.internal.misc";
    /** Opened to the stub, for DefaultZone: it reads the JDK's default time zone without the copy getDefault makes. */
    private static final String JAVA_UTIL = "java.util";
    /** Exported to the stub where virtual threads exist, for CarrierThread: it asks which carrier a call runs on. */
    private static final String INTERNAL_ACCESS = "jdk.internal.access";
    private static final int VIRTUAL_THREADS = 21;
    /**
     * The last JDK checked to preempt no virtual thread between a count's finding its carrier's counts and its
     * increment (CarrierThread). Later JDKs preempt in more places (JDK 26, JDK-8369238: while waiting for a class's
     * initialization), so there virtual threads share atomic counts until a JDK is checked and added here.
     */
    private static final int CARRIER_COUNTING_CHECKED_UP_TO = 25;

    private BootStubDefiner() {
    }

    static void defineAll(Instrumentation instrumentation, JarFile jar) throws IOException, ReflectiveOperationException {
        Module javaBase = Object.class.getModule();
        Module self = BootStubDefiner.class.getModule();
        if (!javaBase.isExported(INTERNAL_MISC, self)) {
            instrumentation.redefineModule(javaBase, Set.of(), Map.of(INTERNAL_MISC, Set.of(self)), Map.of(), Set.of(), Map.of());
        }
        BootDefine define = bootDefine();
        MethodHandles.Lookup inStubPackage = null;
        for (String simpleName : STUB_CLASSES) {
            JarEntry entry = jar.getJarEntry(STUB_PACKAGE + simpleName + ".class");
            if (entry == null) {
                throw new IOException("the jar lacks " + STUB_PACKAGE + simpleName + ".class");
            }
            byte[] bytes;
            try (InputStream in = jar.getInputStream(entry)) {
                bytes = in.readAllBytes();
            }
            String name = (STUB_PACKAGE + simpleName).replace('/', '.');
            try {
                if (inStubPackage == null) {
                    define.define(name, bytes);
                } else {
                    inStubPackage.defineClass(bytes);
                }
            } catch (LinkageError e) {
                if (!isDefined(name)) {
                    throw e; // a duplicate from an earlier, interrupted attempt is fine; anything else is not
                }
            }
            if (inStubPackage == null) {
                // The rest go through the public Lookup.defineClass of a lookup in the first one's package: in the
                // boot loader's unnamed module, which is open to all. On JDK 17 the internal Unsafe's defineClass,
                // called by reflection a 16th time, would have the JDK generate an accessor class for it (~5 ms).
                inStubPackage = MethodHandles.privateLookupIn(Class.forName(name, false, null), MethodHandles.lookup());
            }
        }
        Module stub = Class.forName((STUB_PACKAGE + STUB_CLASSES[0]).replace('/', '.'), false, null).getModule();
        if (!javaBase.isOpen(JAVA_UTIL, stub)) {
            instrumentation.redefineModule(javaBase, Set.of(), Map.of(), Map.of(JAVA_UTIL, Set.of(stub)), Set.of(), Map.of());
        }
        int feature = Runtime.version().feature();
        if (feature >= VIRTUAL_THREADS && feature <= CARRIER_COUNTING_CHECKED_UP_TO
                && !javaBase.isExported(INTERNAL_ACCESS, stub)) {
            instrumentation.redefineModule(javaBase, Set.of(), Map.of(INTERNAL_ACCESS, Set.of(stub)), Map.of(), Set.of(),
                    Map.of());
        }
    }

    /** {@code Unsafe.defineClass(name, bytes, 0, length, null, null)}: a class in the boot loader. */
    private interface BootDefine {
        void define(String name, byte[] bytes) throws ReflectiveOperationException;
    }

    /**
     * The internal Unsafe's defineClass, bound the way that is cheapest on this JDK at start-up: core reflection
     * up to JDK 17, a method handle from 18 on, where core reflection is built on method handles and its first call
     * spins an adapter for this signature (measured on JDK 25: ~45 ms by reflection, ~7 ms by a method handle;
     * on JDK 17 ~1 ms by reflection, ~5 ms by a method handle). Classes, not lambdas: a first lambda costs more.
     */
    private static BootDefine bootDefine() throws ReflectiveOperationException {
        Class<?> unsafeType = Class.forName(INTERNAL_MISC + ".Unsafe");
        Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
        Class<?>[] parameters = {String.class, byte[].class, int.class, int.class, ClassLoader.class,
            ProtectionDomain.class};
        if (Runtime.version().feature() < 18) {
            return new ByReflection(unsafe, unsafeType.getMethod("defineClass", parameters));
        }
        return new ByMethodHandle(MethodHandles.lookup()
                .findVirtual(unsafeType, "defineClass", MethodType.methodType(Class.class, parameters)).bindTo(unsafe));
    }

    private static final class ByReflection implements BootDefine {
        private final Object unsafe;
        private final Method defineClass;

        ByReflection(Object unsafe, Method defineClass) {
            this.unsafe = unsafe;
            this.defineClass = defineClass;
        }

        @Override
        public void define(String name, byte[] bytes) throws ReflectiveOperationException {
            try {
                defineClass.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof LinkageError) {
                    throw (LinkageError) e.getCause();
                }
                throw e;
            }
        }
    }

    private static final class ByMethodHandle implements BootDefine {
        private final MethodHandle defineClass;

        ByMethodHandle(MethodHandle defineClass) {
            this.defineClass = defineClass;
        }

        @Override
        public void define(String name, byte[] bytes) throws ReflectiveOperationException {
            try {
                Class<?> unused = (Class<?>) defineClass.invokeExact(name, bytes, 0, bytes.length, // exact type
                        (ClassLoader) null, (ProtectionDomain) null);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new InvocationTargetException(e);
            }
        }
    }

    static boolean isDefined(String className) {
        try {
            Class.forName(className, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
