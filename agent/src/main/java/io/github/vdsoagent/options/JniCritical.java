package io.github.vdsoagent.options;

/**
 * Whether, on JDK 16 and 17, the JNI clock read is linked to the native helper's critical entry, which HotSpot
 * calls without thread-state transitions ({@code jnicritical=}): AUTO turns HotSpot's CriticalJNINatives flag on
 * for the millisecond that takes (see clock/CriticalEntry), OFF leaves the JVM's flags alone.
 */
public enum JniCritical { AUTO, OFF }
