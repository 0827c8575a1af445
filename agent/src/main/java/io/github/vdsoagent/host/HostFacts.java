package io.github.vdsoagent.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;

/** Who and where this JVM is: pid, kernel release, architecture, JDK. */
public final class HostFacts {
    /** The unit of /proc's tick counts: 100 per second on every Linux architecture the agent supports. */
    private static final long USER_HZ = 100;

    private static volatile long pid;

    private HostFacts() {
    }

    /**
     * This process's id, from /proc/self. ProcessHandle.current() gives the same, but its first use starts up the
     * JDK's process handles, a process reaper's executor among them: about 10 ms of a short-lived JVM's exit report
     * on JDK 25 (measured), for one number.
     */
    public static long pid() {
        long known = pid;
        if (known == 0) {
            try {
                known = Long.parseLong(Files.readSymbolicLink(Paths.get("/proc/self")).toString());
            } catch (IOException | RuntimeException e) { // no /proc
                known = ProcessHandle.current().pid();
            }
            pid = known;
        }
        return known;
    }

    /**
     * How long this process has run, in ms, to the kernel's clock tick (10 ms); -1 if unknown. From
     * {@code /proc/self/stat} (start time, in ticks since boot) and {@code /proc/uptime}: ProcessHandle's info costs
     * a JVM ~9 ms the first time, on the exit report's path, and goes through the boot time, to the second.
     */
    public static long uptimeMs() {
        try {
            String stat = new String(Files.readAllBytes(Paths.get("/proc/self/stat")), StandardCharsets.US_ASCII);
            String uptime = new String(Files.readAllBytes(Paths.get("/proc/uptime")), StandardCharsets.US_ASCII);
            return uptimeMs(stat, uptime);
        } catch (IOException | RuntimeException e) { // unreadable, or not the format proc(5) gives
            return -1;
        }
    }

    /** The same from the two files' text. */
    static long uptimeMs(String stat, String uptime) {
        long startTicks = ProcessIdentity.startTicksOf(stat);
        String upSeconds = uptime.substring(0, uptime.indexOf(' '));
        int dot = upSeconds.indexOf('.');
        long upMs = Long.parseLong(upSeconds.substring(0, dot)) * 1000
                + Long.parseLong((upSeconds.substring(dot + 1) + "00").substring(0, 3));
        return Math.max(0, upMs - startTicks * 1000 / USER_HZ);
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
