package io.github.vdsoagent.bench.plain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a HotSpot compilation log ({@code -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=...}) and
 * prints the deoptimizations of the benchmark's and the agent's code: each uncommon trap and each deoptimized frame
 * whose inlined frames include a method of one of the given packages, with its time, reason and where in the code
 * it was hit; and each C2-compiled method of those packages made not entrant without a trap of its own (a broken
 * dependency, say). Events from {@code MEASURE_FROM_MS} to {@code MEASURE_TO_MS} (a run's {@code measure_from_ms}
 * and {@code measure_to_ms}, JVM uptime) are the measured phase's: a deoptimization that recurs after warm-up shows
 * there. Those after it (the end of {@code main}) are listed, not counted.
 *
 * <p>Usage: {@code DeoptLog LOG MEASURE_FROM_MS MEASURE_TO_MS [PACKAGE_PREFIX...]} (default prefix
 * {@code io.github.vdsoagent.}). The first line sums up: {@code deopt warmup=N measured=M warmup_c2=N measured_c2=M
 * after=N}.
 */
public final class DeoptLog {
    private static final String[] PHASES = {"  warm-up  ", "  measured ", "  after    "};

    /** One deoptimization: when, why, where (innermost frame first), and which compiled method it hit. */
    record Event(double stampSeconds, String kind, String reason, String compileId, String compiler,
                 String compileKind, List<String> frames) {
        boolean isC2() {
            return compiler.equals("c2");
        }

        String describe() {
            return String.format(Locale.ROOT, "%8.3f s  %-11s %-22s %-3s %-3s id %-5s at %s", stampSeconds, kind,
                    reason, compiler, compileKind, compileId, String.join(" < ", frames));
        }
    }

    private DeoptLog() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: DeoptLog LOG MEASURE_FROM_MS MEASURE_TO_MS [PACKAGE_PREFIX...]");
        }
        List<String> prefixes = new ArrayList<>(List.of(args).subList(3, args.length));
        if (prefixes.isEmpty()) {
            prefixes.add("io.github.vdsoagent.");
        }
        double from = Long.parseLong(args[1]) / 1000.0;
        double to = Long.parseLong(args[2]) / 1000.0;
        List<Event> events = ours(read(Paths.get(args[0])), prefixes);
        int[] all = new int[3];
        int[] c2 = new int[3];
        for (Event event : events) {
            int phase = phase(event, from, to);
            all[phase]++;
            c2[phase] += event.isC2() ? 1 : 0;
        }
        System.out.println("deopt warmup=" + all[0] + " measured=" + all[1] + " warmup_c2=" + c2[0]
                + " measured_c2=" + c2[1] + " after=" + all[2]);
        for (Event event : events) {
            System.out.println(PHASES[phase(event, from, to)] + event.describe());
        }
    }

    private static int phase(Event event, double from, double to) {
        return event.stampSeconds() < from ? 0 : event.stampSeconds() <= to ? 1 : 2;
    }

    /** The events with a frame in one of {@code prefixes}. */
    static List<Event> ours(List<Event> events, List<String> prefixes) {
        List<Event> ours = new ArrayList<>();
        for (Event event : events) {
            if (event.frames().stream().anyMatch(frame -> prefixes.stream().anyMatch(frame::startsWith))) {
                ours.add(event);
            }
        }
        return ours;
    }

    /**
     * Every uncommon trap hit and every frame deoptimized at run time, from the log's main part (the compilers'
     * own sections list the traps they compiled in, without a thread; those are not events), and every C2 method
     * made not entrant with no trap in it just before. A deoptimized frame has no time of its own: it gets the last
     * time the log gave before it.
     */
    static List<Event> read(Path log) throws IOException {
        List<Event> events = new ArrayList<>();
        Map<String, String> methods = new HashMap<>();
        Set<String> trapped = new HashSet<>();
        double lastStamp = 0;
        Event open = null;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            String stamp = attribute(line, "stamp");
            if (stamp != null) {
                lastStamp = Double.parseDouble(stamp);
            }
            String id = orEmpty(attribute(line, "compile_id"));
            String compileKind = orEmpty(attribute(line, "compile_kind"));
            if (line.startsWith("<nmethod ")) {
                methods.put(id + compileKind, frame(attribute(line, "method")));
            } else if (line.startsWith("<uncommon_trap thread=") || line.startsWith("<deoptimized thread=")) {
                String kind = line.startsWith("<uncommon_trap") ? "trap" : "deopt";
                open = new Event(lastStamp, kind, orEmpty(attribute(line, "reason")), id,
                        orEmpty(attribute(line, "compiler")), compileKind, new ArrayList<>());
                trapped.add(id + compileKind);
            } else if (open != null && line.startsWith("<jvms ")) {
                open.frames().add(frame(attribute(line, "method")) + "@" + attribute(line, "bci"));
            } else if (open != null && (line.startsWith("</uncommon_trap>") || line.startsWith("</deoptimized>"))) {
                events.add(open);
                open = null;
            } else if (line.startsWith("<make_not_entrant thread=") && "c2".equals(attribute(line, "compiler"))
                    && !trapped.contains(id + compileKind)) {
                events.add(new Event(lastStamp, "invalidated", "no trap", id, "c2", compileKind,
                        new ArrayList<>(List.of(methods.getOrDefault(id + compileKind, "?")))));
            }
        }
        return events;
    }

    /** {@code io.github.x.Foo bar (I)J} as {@code io.github.x.Foo.bar}. */
    static String frame(String method) {
        if (method == null) {
            return "?";
        }
        int space = method.indexOf(' ');
        if (space < 0) {
            return method;
        }
        int second = method.indexOf(' ', space + 1);
        return method.substring(0, space) + "." + method.substring(space + 1, second < 0 ? method.length() : second);
    }

    /** The value of {@code name='...'} in a log line, or null. */
    static String attribute(String line, String name) {
        String key = " " + name + "='";
        int at = line.indexOf(key);
        if (at < 0) {
            return null;
        }
        int from = at + key.length();
        int to = line.indexOf('\'', from);
        return to < 0 ? null : line.substring(from, to);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
