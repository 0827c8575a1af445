package io.github.vdsoagent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a command as another user, {@code nobody}, to test what the agent and CLI do across users. Needs root and
 * runuser; tests that need it are skipped otherwise, with {@link #WHY_NOT} as the reason.
 */
public final class OtherUser {
    public static final String WHY_NOT = "needs root and /usr/sbin/runuser to run a command as the user nobody";
    private static final Path RUNUSER = Paths.get("/usr/sbin/runuser");

    private OtherUser() {
    }

    public static boolean available() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(RUNUSER);
    }

    public static JavaProcess run(List<String> command) {
        List<String> all = new ArrayList<>(List.of(RUNUSER.toString(), "-u", "nobody", "--"));
        all.addAll(command);
        return JavaProcess.exec(all, 120);
    }

    /** The command prefix that runs what follows as nobody. */
    public static List<String> prefix() {
        return List.of(RUNUSER.toString(), "-u", "nobody", "--");
    }

    /** A copy of the test classes that nobody can read, for a target JVM of nobody's. */
    public static Path readableTestClasses() throws IOException {
        Path from = Paths.get(AgentRun.testClasses());
        Path dir = Files.createTempDirectory(Paths.get("/tmp"), "vdso-agent-shared-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> all = Files.walk(from)) {
            for (Path source : (Iterable<Path>) all::iterator) {
                Path copy = dir.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
        return dir;
    }

    /** Removes a tree made by {@link #readableTestClasses} or the like. */
    public static void delete(Path tree) throws IOException {
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path path : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A copy of {@code file} in {@code dir} (a directory others can enter) that the user nobody can read. */
    public static Path readableCopyIn(Path dir, Path file) throws IOException {
        Path copy = Files.copy(file, dir.resolve(file.getFileName()));
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        return copy;
    }

    /**
     * A copy of {@code file} that the user nobody can read, in a directory of its own removed at this JVM's exit:
     * the build directory may sit in a private directory (CI clones into one from mktemp -d).
     */
    public static Path readableCopy(Path file) throws IOException {
        Path dir = Files.createTempDirectory(Paths.get("/tmp"), "vdso-agent-shared-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        dir.toFile().deleteOnExit(); // registered first, deleted last: after the file in it
        Path copy = readableCopyIn(dir, file);
        copy.toFile().deleteOnExit();
        return copy;
    }
}
