package io.github.vdsoagent.flame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stacks in the compact form the HTML page reads: a table of frame names, most used first (short numbers), and
 * the stacks sorted, each given as how many of its first frames it shares with the one before, then its other
 * frames, its weight and its calls that entered the kernel. That is a flame graph's tree in the order a walk over it
 * meets its leaves, without any tree held here: 50,000 stacks of a large application fit in a few megabytes.
 *
 * <pre>{"names": [...], "stacks": [shared, n, frame_1 .. frame_n, weight, entered, shared, n, ...]}</pre>
 * Each stack's last frame is its time API.
 */
final class FlameData {
    private FlameData() {
    }

    static void write(List<WeightedStack> stacks, StringBuilder out) {
        Map<String, Integer> uses = new HashMap<>();
        for (WeightedStack stack : stacks) {
            for (String frame : stack.frames()) {
                use(uses, frame);
            }
            use(uses, stack.api().apiName());
        }
        String[] names = uses.keySet().toArray(new String[0]);
        long[] byUse = new long[names.length]; // uses above, name index below: sorted, most used last
        for (int i = 0; i < names.length; i++) {
            byUse[i] = (long) uses.get(names[i]) << 32 | i;
        }
        Arrays.sort(byUse);
        Map<String, Integer> ids = new HashMap<>();
        String[] table = new String[names.length];
        for (int k = 0; k < byUse.length; k++) {
            String name = names[(int) byUse[byUse.length - 1 - k]];
            ids.put(name, k);
            table[k] = name;
        }
        List<int[]> encoded = new ArrayList<>(stacks.size());
        List<WeightedStack> kept = new ArrayList<>(stacks.size());
        for (WeightedStack stack : stacks) {
            if (stack.weight() <= 0) {
                continue;
            }
            int[] path = new int[stack.frames().size() + 1];
            for (int i = 0; i < path.length - 1; i++) {
                path[i] = ids.get(stack.frames().get(i));
            }
            path[path.length - 1] = ids.get(stack.api().apiName());
            encoded.add(path);
            kept.add(stack);
        }
        Integer[] order = new Integer[encoded.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, new ByPath(encoded));

        out.append("{\"names\":[");
        for (int k = 0; k < table.length; k++) {
            if (k > 0) {
                out.append(',');
            }
            JsonText.string(table[k], out);
        }
        out.append("],\"stacks\":[");
        int[] previous = new int[0];
        boolean first = true;
        for (Integer index : order) {
            int[] path = encoded.get(index);
            int shared = 0;
            while (shared < path.length && shared < previous.length && path[shared] == previous[shared]) {
                shared++;
            }
            out.append(first ? "" : ",").append(shared).append(',').append(path.length - shared);
            for (int i = shared; i < path.length; i++) {
                out.append(',').append(path[i]);
            }
            WeightedStack stack = kept.get(index);
            out.append(',').append(stack.weight()).append(',').append(stack.enteredKernel());
            previous = path;
            first = false;
        }
        out.append("]}");
    }

    private static void use(Map<String, Integer> uses, String name) { // not merge(): no lambda on the exit path
        Integer before = uses.get(name);
        uses.put(name, before == null ? 1 : before + 1);
    }

    /** Lexicographic by frame ids, shorter first: siblings in a fixed order, each subtree's stacks together. */
    private static final class ByPath implements java.util.Comparator<Integer> {
        private final List<int[]> paths;

        ByPath(List<int[]> paths) {
            this.paths = paths;
        }

        @Override
        public int compare(Integer a, Integer b) {
            return Arrays.compare(paths.get(a), paths.get(b));
        }
    }
}
