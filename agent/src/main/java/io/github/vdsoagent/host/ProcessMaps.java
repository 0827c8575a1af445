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

    /**
     * Keeps the special mappings, in address order as the kernel lists them. Other lines are skipped by their last
     * character, unsplit: a JVM's maps has hundreds of lines, and this runs once, in code not yet compiled, where
     * splitting each line with a regular expression cost 4 to 8 ms.
     */
    public static ProcessMaps parse(String maps) {
        List<MapEntry> found = new ArrayList<>();
        for (int from = 0; from < maps.length(); ) {
            int end = maps.indexOf('\n', from);
            if (end < 0) {
                end = maps.length();
            }
            MapEntry entry = special(maps, from, end);
            if (entry != null) {
                found.add(entry);
            }
            from = end + 1;
        }
        return new ProcessMaps(List.copyOf(found));
    }

    /**
     * The line from {@code from} to {@code to} as an entry, if it is one of the special mappings: exactly the six
     * fields address range, perms, offset, device, inode and name (a mapped file whose path has a space and ends in
     * "[vdso]" has more).
     */
    private static MapEntry special(String maps, int from, int to) {
        int last = to;
        while (last > from && maps.charAt(last - 1) <= ' ') {
            last--;
        }
        if (last == from || maps.charAt(last - 1) != ']') {
            return null;
        }
        List<String> fields = fields(maps, from, last);
        if (fields.size() != 6 || !SPECIAL.contains(fields.get(5))) {
            return null;
        }
        String range = fields.get(0);
        int dash = range.indexOf('-');
        try {
            return dash < 0 ? null : new MapEntry(Long.parseUnsignedLong(range.substring(0, dash), 16),
                    Long.parseUnsignedLong(range.substring(dash + 1), 16), fields.get(1), fields.get(5));
        } catch (NumberFormatException malformed) {
            return null; // not a maps line after all
        }
    }

    /** The blank-separated fields of {@code s} between {@code from} and {@code to}. */
    private static List<String> fields(String s, int from, int to) {
        List<String> fields = new ArrayList<>(6);
        int i = from;
        while (i < to) {
            while (i < to && s.charAt(i) <= ' ') {
                i++;
            }
            int start = i;
            while (i < to && s.charAt(i) > ' ') {
                i++;
            }
            if (i > start) {
                fields.add(s.substring(start, i));
            }
        }
        return fields;
    }

    /** [vvar], [vvar_vclock] and [vdso], as present. */
    public List<MapEntry> entries() {
        return entries;
    }

    public Optional<MapEntry> vdso() {
        for (MapEntry entry : entries) { // a loop, not a stream: this runs once, cold, where a first lambda costs ms
            if (entry.name().equals(VDSO)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }
}
