package io.github.vdsoagent.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;

/**
 * The first CPU's flags from /proc/cpuinfo: whether the TSC is one the kernel can keep as its clocksource
 * ({@code constant_tsc}: the same rate in every P-state; {@code nonstop_tsc}: it keeps counting in deep C-states).
 */
public final class CpuFlags {
    /** The kernel's cpuinfo; tests point {@code vdsoagent.cpuinfo} at a fixture of their own. */
    private static final Path CPUINFO = Paths.get(System.getProperty("vdsoagent.cpuinfo", "/proc/cpuinfo"));

    private final Set<String> flags;

    public CpuFlags(Set<String> flags) {
        this.flags = flags;
    }

    /** Empty when /proc/cpuinfo cannot be read or lists no flags (arm64 names its "Features" instead). */
    public static CpuFlags read() {
        return read(CPUINFO);
    }

    static CpuFlags read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
                    return new CpuFlags(words(line.substring(colon + 1)));
                }
            }
        } catch (IOException | SecurityException e) {
            // unreadable: no flags known
        }
        return new CpuFlags(Set.of());
    }

    /** Split by hand: a regex would compile a Pattern on the exit's path. */
    private static Set<String> words(String listed) {
        Set<String> words = new HashSet<>();
        for (String word : listed.split(" ")) {
            if (!word.isBlank()) {
                words.add(word.strip());
            }
        }
        return Set.copyOf(words);
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** Whether any flag was read at all. */
    public boolean known() {
        return !flags.isEmpty();
    }
}
