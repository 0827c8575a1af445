package io.github.vdsoagent.options;

import java.nio.file.Path;

/** Where reports go ({@code report=}): stderr, nowhere, or a file replaced atomically. */
public final class ReportTarget {
    public static final ReportTarget STDERR = new ReportTarget("stderr", null);
    public static final ReportTarget NONE = new ReportTarget("none", null);

    private final String text;
    private final Path file;

    private ReportTarget(String text, Path file) {
        this.text = text;
        this.file = file;
    }

    public static ReportTarget file(Path path) {
        return new ReportTarget(path.toString(), path);
    }

    /** The file, or null for stderr and none. */
    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return text;
    }
}
