package io.github.vdsoagent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Collapsed stacks read back as flamegraph.pl reads them: the count after the last space, the leaf after the last ';'. */
public final class Collapsed {
    private Collapsed() {
    }

    /** The lines' counts summed by their leaf frame (for the agent's stacks: by time API). */
    public static Map<String, Long> perLeaf(Path file) throws IOException {
        Map<String, Long> sums = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String stack = line.substring(0, space);
            sums.merge(stack.substring(stack.lastIndexOf(';') + 1), Long.parseLong(line.substring(space + 1)), Long::sum);
        }
        return sums;
    }

    /** The lines' counts summed over the lines whose stack contains {@code frame} as a whole frame. */
    public static long through(Path file, String frame) throws IOException {
        long sum = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int space = line.lastIndexOf(' ');
            if (space > 0 && (";" + line.substring(0, space) + ";").contains(";" + frame + ";")) {
                sum += Long.parseLong(line.substring(space + 1));
            }
        }
        return sum;
    }
}
