package io.github.vdsoagent.flame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.vocabulary.TimeApi;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FlameDataTest {
    /** The page's reading of the compact form (flame.js does the same) gives back every stack with its figures. */
    @Test
    void theCompactFormGivesBackEveryStack() throws Exception {
        Random random = new Random(26);
        List<WeightedStack> stacks = new ArrayList<>();
        TreeMap<String, long[]> expected = new TreeMap<>();
        for (int i = 0; i < 500; i++) {
            List<String> frames = new ArrayList<>();
            int depth = 1 + random.nextInt(8);
            for (int d = 0; d < depth; d++) {
                frames.add("pkg.C" + random.nextInt(3) + ".m" + d + (d == 2 ? "</script>" : ""));
            }
            TimeApi api = TimeApi.values()[random.nextInt(3)];
            long weight = 1 + random.nextInt(1000);
            stacks.add(new WeightedStack(frames, api, weight, weight / 3, 1));
            String key = String.join(";", frames) + ";" + api.apiName();
            long[] sum = expected.computeIfAbsent(key, k -> new long[2]);
            sum[0] += weight;
            sum[1] += weight / 3;
        }
        StringBuilder out = new StringBuilder();
        FlameData.write(stacks, out);
        assertEquals(-1, out.indexOf("</script>"), "no frame name can end the page's script element");
        JsonNode data = new ObjectMapper().readTree(out.toString());
        JsonNode s = data.get("stacks");
        TreeMap<String, long[]> read = new TreeMap<>();
        List<String> path = new ArrayList<>();
        for (int i = 0; i < s.size(); ) {
            int shared = s.get(i++).asInt();
            int fresh = s.get(i++).asInt();
            path.subList(shared, path.size()).clear();
            for (int k = 0; k < fresh; k++) {
                path.add(data.get("names").get(s.get(i++).asInt()).asText());
            }
            long[] sum = read.computeIfAbsent(String.join(";", path), k -> new long[2]);
            sum[0] += s.get(i++).asLong();
            sum[1] += s.get(i++).asLong();
        }
        assertEquals(expected.keySet(), read.keySet());
        for (String key : expected.keySet()) {
            assertEquals(expected.get(key)[0], read.get(key)[0], key);
            assertEquals(expected.get(key)[1], read.get(key)[1], key);
        }
    }
}
