package io.github.vdsoagent.host;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Whether this JVM was launched with an option, as its command line ({@code /proc/self/cmdline}) and the
 * {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} variables give it. Read by hand, without a regular
 * expression or the management API: this runs at premain (docs/design/start-up.md). Options in an {@code @argfile}
 * or a {@code -XX:VMOptionsFile} are not seen.
 */
public final class LaunchOptions {
    private LaunchOptions() {
    }

    /** Whether any of the JVM's options starts with {@code prefix}; false when none can be read. */
    public static boolean anyStartsWith(String prefix) {
        return inCommandLine(commandLine(), prefix) || inVariable(System.getenv("JAVA_TOOL_OPTIONS"), prefix)
                || inVariable(System.getenv("JDK_JAVA_OPTIONS"), prefix);
    }

    /** Whether one of the NUL-separated arguments starts with {@code prefix}. */
    static boolean inCommandLine(String cmdline, String prefix) {
        int start = 0;
        while (start < cmdline.length()) {
            int end = cmdline.indexOf('\0', start);
            end = end < 0 ? cmdline.length() : end;
            if (cmdline.startsWith(prefix, start) && end - start >= prefix.length()) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Whether one of the whitespace-separated words of a variable starts with {@code prefix}. */
    static boolean inVariable(String value, String prefix) {
        if (value == null) {
            return false;
        }
        int i = 0;
        while (i < value.length()) {
            while (i < value.length() && Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            if (value.startsWith(prefix, i)) {
                return true;
            }
            while (i < value.length() && !Character.isWhitespace(value.charAt(i))) {
                i++;
            }
        }
        return false;
    }

    /** Through FileInputStream, which every JVM has loaded, rather than NIO's channels: ~30 classes fewer. */
    private static String commandLine() {
        try (FileInputStream in = new FileInputStream("/proc/self/cmdline")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) { // no /proc: the background set-up still finds a recording
            return "";
        }
    }
}
