package io.github.vdsoagent.elf;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds external programs on PATH, so that tests needing one can skip with a reason that says what to install. */
final class Tools {
    private Tools() {
    }

    /** Empty if {@code program} is on PATH, else a reason naming the Debian package that provides it. */
    static Optional<String> missing(String program, String debianPackage) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(program + " is not on PATH (Debian: apt-get install " + debianPackage + ")");
    }
}
