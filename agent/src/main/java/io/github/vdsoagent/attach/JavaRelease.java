package io.github.vdsoagent.attach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A JVM's Java feature release read from the {@code release} file of the runtime its libjvm.so belongs to, without
 * asking the JVM. Asking it (the attach mechanism's system properties) makes the target serialize all its
 * properties, dates and time zone names included: about 80 ms of its time at attach on JDK 25 (measured).
 */
final class JavaRelease {
    private static final String VERSION_KEY = "JAVA_VERSION=";

    private JavaRelease() {
    }

    /**
     * The feature release (17 for Java 17) of the runtime {@code libjvm} belongs to, or 0 if none can be read. Only
     * the layout of Java 9 and later is looked at, {@code HOME/lib/VARIANT/libjvm.so}: anything else is asked.
     */
    static int featureOf(Path libjvm) {
        Path variant = libjvm.getParent();
        Path lib = variant == null ? null : variant.getParent();
        Path home = lib == null ? null : lib.getParent();
        if (home == null || !lib.getFileName().toString().equals("lib")) {
            return 0;
        }
        try {
            return feature(Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The feature release in a release file's lines ({@code JAVA_VERSION="17.0.15"}, or "1.8.0_392"), or 0. */
    static int feature(List<String> releaseLines) {
        for (String line : releaseLines) {
            if (line.startsWith(VERSION_KEY)) {
                return feature(line.substring(VERSION_KEY.length()).replace("\"", "").trim());
            }
        }
        return 0;
    }

    /** The feature release a version names: 17 for "17", "17.0.15" or "17-ea", 8 for "1.8" or "1.8.0_392"; else 0. */
    static int feature(String version) {
        String rest = version.startsWith("1.") ? version.substring(2) : version;
        int end = 0;
        while (end < rest.length() && end < 4 && Character.isDigit(rest.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(rest.substring(0, end));
    }
}
