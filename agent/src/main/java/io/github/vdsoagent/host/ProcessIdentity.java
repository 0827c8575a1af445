package io.github.vdsoagent.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * A process as the kernel knows it for good: its pid and its start time (in clock ticks since boot, field 22 of
 * /proc/PID/stat). A pid alone is reused once its process has ended; the pair never is, so a file that names a
 * process by both can be told stale.
 */
public record ProcessIdentity(long pid, long startTicks) {
    private static final int STARTTIME_FIELD = 22;

    /** The process with this pid now, or null if none runs (or /proc cannot tell). */
    public static ProcessIdentity of(long pid) {
        long start = startTicks(pid);
        return start < 0 ? null : new ProcessIdentity(pid, start);
    }

    public static ProcessIdentity self() {
        return of(HostFacts.pid());
    }

    /** Field 22 of /proc/PID/stat; -1 if the process is gone or the file cannot be read. */
    static long startTicks(long pid) {
        try {
            String stat = new String(Files.readAllBytes(Paths.get("/proc", Long.toString(pid), "stat")),
                    StandardCharsets.US_ASCII);
            return startTicksOf(stat);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** From the file's text; fields are counted after the command name, which may hold spaces and parentheses. */
    static long startTicksOf(String stat) {
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(afterName[STARTTIME_FIELD - 3]); // fields 1 and 2 are pid and (name)
    }

    /** Whether this very process still runs (not another that reuses its pid). */
    public boolean isAlive() {
        return startTicks(pid) == startTicks;
    }

    /** {@code PID.START}, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return pid + "." + startTicks;
    }

    /** The form {@link #toString} writes, or null if {@code text} is not one. */
    public static ProcessIdentity parse(String text) {
        int dot = text == null ? -1 : text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            return null;
        }
        try {
            return new ProcessIdentity(Long.parseLong(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
