package io.github.vdsoagent.flame;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The stacks as collapsed lines, the input of flamegraph.pl and of async-profiler's converter: one line per stack,
 * {@code frame;frame;...;API count}, root first, the time API the leaf, the count its weight. The lines sum to the
 * report's total calls, and the lines of one API to its calls.
 */
public final class Collapsed {
    private Collapsed() {
    }

    public static void write(List<WeightedStack> stacks, Writer out) throws IOException {
        StringBuilder line = new StringBuilder(256);
        for (WeightedStack stack : stacks) {
            if (stack.weight() <= 0) {
                continue;
            }
            line.setLength(0);
            for (String frame : stack.frames()) {
                appendFrame(line, frame);
                line.append(';');
            }
            appendFrame(line, stack.api().apiName());
            line.append(' ').append(stack.weight()).append('\n');
            out.write(line.toString());
        }
        out.flush();
    }

    /** A frame with the format's separators (';', a line break) replaced: no Java name holds them, a hidden class might. */
    static void appendFrame(StringBuilder line, String frame) {
        for (int i = 0; i < frame.length(); i++) {
            char c = frame.charAt(i);
            line.append(c == ';' || c == '\n' || c == '\r' ? '_' : c);
        }
    }
}
