package io.github.vdsoagent.host;

import java.lang.reflect.Method;

/**
 * Whether this agent may call native code without the JDK printing a warning. From JDK 24, loading a library or
 * linking a native function from a module without native access prints "WARNING: A restricted method ...", and the
 * agent must never add lines to the host's output; so there it reads the vDSO only if the application was started
 * with {@code --enable-native-access=ALL-UNNAMED} (or the JAR manifest grants it, as vdso-agent.jar's does for
 * the CLI).
 */
public final class NativeAccess {
    private static final int FIRST_RESTRICTING_JDK = 24;

    private NativeAccess() {
    }

    public static boolean allowed() {
        return reasonDenied() == null;
    }

    /** Null when native calls are allowed, else why not, in words for the report. */
    public static String reasonDenied() {
        if (Runtime.version().feature() < FIRST_RESTRICTING_JDK) {
            return null;
        }
        try {
            Method enabled = Module.class.getMethod("isNativeAccessEnabled");
            if ((Boolean) enabled.invoke(NativeAccess.class.getModule())) {
                return null;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "cannot tell whether native access is enabled: " + e;
        }
        return "JDK " + Runtime.version().feature() + " warns when an agent calls native code without permission:"
                + " start the JVM with --enable-native-access=ALL-UNNAMED to read clocks through the vDSO";
    }
}
