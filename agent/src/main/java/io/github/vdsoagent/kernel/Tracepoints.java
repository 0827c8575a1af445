package io.github.vdsoagent.kernel;

import io.github.vdsoagent.options.AgentOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The tracepoint id of each time system call, and where it came from: tracefs ({@code /sys/kernel/tracing}), the
 * older path under debugfs ({@code /sys/kernel/debug/tracing}), or, where neither is readable (tracefs is root's
 * alone on most hosts), the {@code tracepoints=} option an administrator filled in once for the host. A system
 * call can lack its tracepoint while the others have theirs (aarch64 has no {@code time} system call).
 */
public final class Tracepoints {
    /** Where the kernel publishes tracepoint ids, newest first. */
    public static final List<Path> TRACEFS_ROOTS =
            List.of(Paths.get("/sys/kernel/tracing"), Paths.get("/sys/kernel/debug/tracing"));
    static final String OPTION_SOURCE = "tracepoints= option";

    /** One system call's tracepoint: its id and source, or why there is none. */
    public static final class Entry {
        private final TimeSyscall syscall;
        private final Long id;
        private final String source;
        private final String reason;
        private final boolean wanted;

        Entry(TimeSyscall syscall, Long id, String source, String reason) {
            this(syscall, id, source, reason, true);
        }

        private Entry(TimeSyscall syscall, Long id, String source, String reason, boolean wanted) {
            this.syscall = syscall;
            this.id = id;
            this.source = source;
            this.reason = reason;
            this.wanted = wanted;
        }

        /** A system call the options left out: no id, and a reason that says how to count it. */
        static Entry notWanted(TimeSyscall syscall) {
            return new Entry(syscall, null, null, "not counted: syscalls=" + syscall.syscallName() + " counts it (each"
                    + " tracepoint counted costs ~40 ms more as the JVM exits, as root)", false);
        }

        public TimeSyscall syscall() {
            return syscall;
        }

        /** Null when unknown; see {@link #reason()}. */
        public Long id() {
            return id;
        }

        /** A tracefs root, or "tracepoints= option"; null when unknown. */
        public String source() {
            return source;
        }

        /** Why there is no id; null when there is one. */
        public String reason() {
            return reason;
        }

        /** False when the options left this system call out (as opposed to its tracepoint being unavailable). */
        public boolean wanted() {
            return wanted;
        }
    }

    private final Map<TimeSyscall, Entry> entries;

    private Tracepoints(Map<TimeSyscall, Entry> entries) {
        this.entries = entries;
    }

    /** Every time system call's; @param fromOption ids by system call name, as {@code tracepoints=} gave them */
    public static Tracepoints resolve(Map<String, Long> fromOption) {
        return resolve(TRACEFS_ROOTS, fromOption, AgentOptions.TRACEPOINT_SYSCALLS);
    }

    /** @param wanted the names of the system calls to count; the others get an entry that says so, and no id */
    public static Tracepoints resolve(Map<String, Long> fromOption, Collection<String> wanted) {
        return resolve(TRACEFS_ROOTS, fromOption, wanted);
    }

    static Tracepoints resolve(List<Path> roots, Map<String, Long> fromOption, Collection<String> wanted) {
        Map<TimeSyscall, Entry> entries = new EnumMap<>(TimeSyscall.class);
        for (TimeSyscall syscall : TimeSyscall.values()) {
            entries.put(syscall, wanted.contains(syscall.syscallName()) ? resolveOne(roots, fromOption, syscall)
                    : Entry.notWanted(syscall));
        }
        return new Tracepoints(Collections.unmodifiableMap(entries));
    }

    private static Entry resolveOne(List<Path> roots, Map<String, Long> fromOption, TimeSyscall syscall) {
        List<String> tried = new ArrayList<>();
        for (Path root : roots) {
            Path idFile = root.resolve("events").resolve("syscalls").resolve(syscall.tracepoint()).resolve("id");
            try {
                String text = new String(Files.readAllBytes(idFile), StandardCharsets.US_ASCII).trim();
                return new Entry(syscall, Long.parseLong(text), root.toString(), null);
            } catch (AccessDeniedException e) {
                tried.add(idFile + ": permission denied");
            } catch (NoSuchFileException e) {
                tried.add(whyMissing(root, idFile));
            } catch (IOException | NumberFormatException | SecurityException e) {
                tried.add(idFile + ": " + e);
            }
        }
        Long optionId = fromOption.get(syscall.syscallName());
        if (optionId != null) {
            return new Entry(syscall, optionId, OPTION_SOURCE, null);
        }
        return new Entry(syscall, null, null, String.join("; ", tried)
                + "; and no tracepoints=" + syscall.syscallName() + ":ID option (an administrator reads ID once per host"
                + " from /sys/kernel/tracing/events/syscalls/" + syscall.tracepoint() + "/id)");
    }

    private static String whyMissing(Path root, Path idFile) {
        Path events = root.resolve("events");
        if (!Files.isDirectory(events)) {
            return root + ": not mounted";
        }
        if (!Files.isDirectory(events.resolve("syscalls"))) {
            return root + ": no syscalls events (a kernel without CONFIG_FTRACE_SYSCALLS?)";
        }
        return idFile.getParent() + ": no such tracepoint on this kernel";
    }

    /** Exactly these ids, as if from the option, for tests; a missing one has none. */
    static Tracepoints of(Map<TimeSyscall, Long> ids) {
        Map<TimeSyscall, Entry> entries = new EnumMap<>(TimeSyscall.class);
        for (TimeSyscall syscall : TimeSyscall.values()) {
            Long id = ids.get(syscall);
            entries.put(syscall, new Entry(syscall, id, id == null ? null : OPTION_SOURCE, id == null ? "not given" : null));
        }
        return new Tracepoints(Collections.unmodifiableMap(entries));
    }

    public Entry get(TimeSyscall syscall) {
        return entries.get(syscall);
    }

    /** All three, in {@link TimeSyscall} order. */
    public List<Entry> all() {
        return List.copyOf(entries.values());
    }
}
