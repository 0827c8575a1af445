package io.github.vdsoagent.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;

/** Who and where this JVM is: pid, kernel release, architecture, JDK. */
public final class HostFacts {
    private HostFacts() {
    }

    public static long pid() {
        return ProcessHandle.current().pid();
    }

    public static String kernel() {
        try {
            return new String(Files.readAllBytes(Paths.get("/proc/sys/kernel/osrelease")), StandardCharsets.UTF_8).trim();
        } catch (IOException | SecurityException e) {
            return System.getProperty("os.version");
        }
    }

    /** The architecture as the kernel names it: x86_64, aarch64, riscv64, ... */
    public static String arch() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        switch (arch) {
            case "amd64":
            case "x86_64":
                return "x86_64";
            case "arm64":
            case "aarch64":
                return "aarch64";
            case "x86":
            case "i386":
            case "i686":
                return "i386";
            default:
                return arch;
        }
    }

    public static String jdk() {
        return System.getProperty("java.version");
    }

    public static int jdkFeature() {
        return Runtime.version().feature();
    }
}
