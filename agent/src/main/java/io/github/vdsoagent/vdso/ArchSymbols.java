package io.github.vdsoagent.vdso;

import java.util.List;
import java.util.Optional;

/**
 * The names and version under which each architecture's vDSO exports its time functions. A symbol is only
 * trusted under its architecture's own name and version: a same-named symbol of another version is not it.
 */
public final class ArchSymbols {
    private static final List<ArchSymbols> KNOWN = List.of(
            new ArchSymbols("x86_64", "LINUX_2.6", "__vdso_"),
            new ArchSymbols("i386", "LINUX_2.6", "__vdso_"),
            new ArchSymbols("aarch64", "LINUX_2.6.39", "__kernel_"),
            new ArchSymbols("riscv64", "LINUX_4.15", "__vdso_"));

    private final String arch;
    private final String version;
    private final String prefix;

    private ArchSymbols(String arch, String version, String prefix) {
        this.arch = arch;
        this.version = version;
        this.prefix = prefix;
    }

    public static Optional<ArchSymbols> forArch(String arch) {
        for (ArchSymbols known : KNOWN) { // a loop: this runs as the JVM exits, where a stream costs its set-up
            if (known.arch.equals(arch)) {
                return Optional.of(known);
            }
        }
        return Optional.empty();
    }

    public String arch() {
        return arch;
    }

    public String version() {
        return version;
    }

    public String clockGettime() {
        return prefix + "clock_gettime";
    }

    /** The time functions worth naming in a report, where this architecture exports them. */
    public List<String> timeFunctions() {
        return List.of(prefix + "clock_gettime", prefix + "gettimeofday", prefix + "time", prefix + "clock_getres",
                prefix + "getcpu");
    }
}
