package io.github.vdsoagent.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's special mappings in a process: {@code [vdso]}, its data pages {@code [vvar]}, and
 * {@code [vvar_vclock]} (Linux 6.13 and later), read from /proc/PID/maps.
 */
public final class ProcessMaps {
    public static final String VDSO = "[vdso]";
    private static final List<String> SPECIAL = List.of("[vvar]", "[vvar_vclock]", VDSO);

    private final List<MapEntry> entries;

    private ProcessMaps(List<MapEntry> entries) {
        this.entries = entries;
    }

    public static ProcessMaps ofSelf() throws IOException {
        return read(Paths.get("/proc/self/maps"));
    }

    public static ProcessMaps ofPid(long pid) throws IOException {
        return read(Paths.get("/proc", Long.toString(pid), "maps"));
    }

    public static ProcessMaps read(Path mapsFile) throws IOException {
        return parse(new String(Files.readAllBytes(mapsFile), StandardCharsets.UTF_8));
    }

    /** Keeps the special mappings, in address order as the kernel lists them; other lines are skipped unparsed. */
    public static ProcessMaps parse(String maps) {
        List<MapEntry> found = new ArrayList<>();
        for (String line : maps.split("\n")) {
            String trimmed = line.trim();
            int nameAt = trimmed.lastIndexOf(' ');
            if (nameAt < 0 || !SPECIAL.contains(trimmed.substring(nameAt + 1))) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            String[] range = fields[0].split("-");
            if (fields.length < 6 || range.length != 2) {
                continue;
            }
            try {
                found.add(new MapEntry(Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16),
                        fields[1], fields[fields.length - 1]));
            } catch (NumberFormatException malformed) {
                // not a maps line after all
            }
        }
        return new ProcessMaps(List.copyOf(found));
    }

    /** [vvar], [vvar_vclock] and [vdso], as present. */
    public List<MapEntry> entries() {
        return entries;
    }

    public Optional<MapEntry> vdso() {
        return entries.stream().filter(e -> e.name().equals(VDSO)).findFirst();
    }
}
