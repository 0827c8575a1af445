package io.github.vdsoagent.metrics;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

/**
 * Whether the platform MBean server may be used now without choosing java.util.logging's set-up for the
 * application. Its first use initializes LogManager, which takes the classes named by {@code java.util.logging.manager}
 * and {@code java.util.logging.config.class} from the system class loader, else from the initializing thread's
 * context class loader, else prints a stack trace and goes on without them, for good. An application that makes such
 * a class loadable itself (jboss-modules and WildFly do) must get there first; the agent then waits until LogManager
 * is initialized.
 */
public final class LogManagerReadiness {
    /** The system properties that name classes LogManager loads as it is initialized. */
    static final String[] CLASS_PROPERTIES = {"java.util.logging.manager", "java.util.logging.config.class"};
    private static final String LOG_MANAGER = "java.util.logging.LogManager";
    private static final String INTERNAL_MISC = "jdk.internal.misc";

    private final Instrumentation instrumentation;
    /** Why the agent must wait; null when it need not. */
    private final String waitReason;
    private Class<?> logManager;
    private Object unsafe;
    private Method shouldBeInitialized;

    private LogManagerReadiness(Instrumentation instrumentation, String waitReason) {
        this.instrumentation = instrumentation;
        this.waitReason = waitReason;
    }

    /** Looks at the JVM's logging set-up once. */
    public static LogManagerReadiness of(Instrumentation instrumentation) {
        if (ModuleLayer.boot().findModule("java.logging").isEmpty()) {
            return new LogManagerReadiness(instrumentation, null);
        }
        for (String property : CLASS_PROPERTIES) {
            String named = System.getProperty(property);
            if (named != null && !named.isEmpty() && !onSystemClassPath(named)) {
                return new LogManagerReadiness(instrumentation, property + "=" + named + " is not on the class path,"
                        + " so the application loads it itself; the agent registers its MBeans once the application"
                        + " has set up java.util.logging");
            }
        }
        return new LogManagerReadiness(instrumentation, null); // whoever initializes LogManager gets the same
    }

    /** Why the beans wait, for the log; null when they need not. */
    public String waitReason() {
        return waitReason;
    }

    /** True when the beans may be registered now: nothing to wait for, or LogManager is initialized. */
    public boolean ready() {
        return waitReason == null || logManagerInitialized();
    }

    private static boolean onSystemClassPath(String className) {
        try {
            Class.forName(className, false, ClassLoader.getSystemClassLoader()); // loaded, not initialized
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Whether LogManager's class is initialized, asked of the JDK's internal Unsafe (exported to the agent for
     * this): no public API tells without initializing it. False when that cannot be asked.
     */
    private boolean logManagerInitialized() {
        try {
            if (shouldBeInitialized == null) {
                logManager = Class.forName(LOG_MANAGER, false, null);
                Module javaBase = Object.class.getModule();
                Module self = LogManagerReadiness.class.getModule();
                if (!javaBase.isExported(INTERNAL_MISC, self)) {
                    instrumentation.redefineModule(javaBase, Set.of(), Map.of(INTERNAL_MISC, Set.of(self)), Map.of(),
                            Set.of(), Map.of());
                }
                Class<?> unsafeType = Class.forName(INTERNAL_MISC + ".Unsafe");
                unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
                shouldBeInitialized = unsafeType.getMethod("shouldBeInitialized", Class.class);
            }
            return !(Boolean) shouldBeInitialized.invoke(unsafe, logManager);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
