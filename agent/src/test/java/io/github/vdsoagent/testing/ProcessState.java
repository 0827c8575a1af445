package io.github.vdsoagent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;

/** What /proc shows of this process's threads and children, to prove a probe left nothing behind. */
public final class ProcessState {
    private ProcessState() {
    }

    /** "NoNewPrivs/Seccomp" of every thread of this process, by thread id; threads that end meanwhile are left out. */
    public static Map<String, String> filtersOfEveryThread() throws IOException {
        return filtersOfEveryThread("self");
    }

    /** The same of process {@code pid}. */
    public static Map<String, String> filtersOfEveryThread(long pid) throws IOException {
        return filtersOfEveryThread(Long.toString(pid));
    }

    private static Map<String, String> filtersOfEveryThread(String process) throws IOException {
        Map<String, String> tasks = new TreeMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Paths.get("/proc", process, "task"))) {
            for (Path dir : dirs) {
                try {
                    tasks.put(dir.getFileName().toString(), of(dir.resolve("status")));
                } catch (IOException ended) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return tasks;
    }

    /** "NoNewPrivs/Seccomp" of the calling thread. */
    public static String filtersOfThisThread() throws IOException {
        return of(Paths.get("/proc/thread-self/status"));
    }

    /** The fields of a /proc status file, by name. */
    public static Map<String, String> status(Path file) throws IOException {
        Map<String, String> fields = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    private static String of(Path statusFile) throws IOException {
        Map<String, String> status = status(statusFile);
        return status.get("NoNewPrivs") + "/" + status.get("Seccomp");
    }

    /** Whether process {@code pid} exists, alive or a zombie not yet reaped, as a child of process {@code parent}. */
    public static boolean isChild(long pid, long parent) throws IOException {
        String stat;
        try {
            stat = Files.readString(Paths.get("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException gone) {
            return false;
        }
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(afterName[1]) == parent; // state, then ppid
    }
}
