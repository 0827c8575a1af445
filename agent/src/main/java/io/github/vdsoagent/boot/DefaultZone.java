package io.github.vdsoagent.boot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.ZoneId;
import java.util.TimeZone;

/**
 * {@code ZoneId.systemDefault()} without its cost per call: the JDK clones its default {@code TimeZone} on every
 * call and converts the clone. The JDK keeps that default behind defensive copies (setDefault stores a copy,
 * getDefault returns one), so it never changes in place: a new default is a new object. The zone cached for the
 * default object of the moment is therefore exactly what {@code ZoneId.systemDefault()} would return.
 *
 * <p>Reading the JDK's private field needs {@code java.util} opened to this module, which the agent's launcher
 * does. Where it is not (a JDK without the field, a test), every call takes the JDK's own way.
 */
final class DefaultZone {
    private static final VarHandle DEFAULT_TIME_ZONE = find();
    private static volatile Cached cached;

    private DefaultZone() {
    }

    static ZoneId get() {
        if (DEFAULT_TIME_ZONE == null) {
            return ZoneId.systemDefault();
        }
        Object current = DEFAULT_TIME_ZONE.getVolatile();
        Cached known = cached;
        if (known != null && known.timeZone == current) {
            return known.zone;
        }
        ZoneId zone = ZoneId.systemDefault(); // also sets the JDK's default the first time
        Object after = DEFAULT_TIME_ZONE.getVolatile();
        if (after != null && (after == current || current == null)) {
            cached = new Cached(after, zone); // the default did not change while it was converted
        }
        return zone;
    }

    /** Whether calls take the cached way (java.util is open to this module), for tests. */
    static boolean cachesTheZone() {
        return DEFAULT_TIME_ZONE != null;
    }

    private static VarHandle find() {
        try {
            return MethodHandles.privateLookupIn(TimeZone.class, MethodHandles.lookup())
                    .findStaticVarHandle(TimeZone.class, "defaultTimeZone", TimeZone.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // java.util not opened to the stub, or a JDK that keeps its default otherwise
        }
    }

    private static final class Cached {
        final Object timeZone;
        final ZoneId zone;

        Cached(Object timeZone, ZoneId zone) {
            this.timeZone = timeZone;
            this.zone = zone;
        }
    }
}
