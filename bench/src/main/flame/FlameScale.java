import io.github.vdsoagent.flame.HtmlPage;
import io.github.vdsoagent.flame.WeightedStack;
import io.github.vdsoagent.vocabulary.TimeApi;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A big application's HTML report, for bench/flame-scale.sh: a real report's JSON (host, vDSO, APIs, kernel check)
 * with the stacks of a synthetic server, SITES call sites reached by STACKS distinct stacks. The server has a few
 * thread roots, each under a framework chain of 10 to 25 frames, 300 request handlers, and service and library
 * methods in between, 8 to 64 frames deep; the stacks' weights fall off like a Zipf law, as hot paths do.
 *
 * java -cp agent/target/classes bench/src/main/flame/FlameScale.java REPORT.json OUT.html [SITES] [STACKS]
 * (run by bench/flame-scale.sh; the agent's classes, not its jar, hold the HTML writer)
 */
public class FlameScale {
    public static void main(String[] args) throws Exception {
        String json = Files.readString(Path.of(args[0]));
        int sites = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int stacks = args.length > 3 ? Integer.parseInt(args[3]) : 50_000;
        Random random = new Random(26);
        TimeApi[] apis = {TimeApi.CURRENT_TIME_MILLIS, TimeApi.NANO_TIME, TimeApi.INSTANT_NOW,
            TimeApi.LOCAL_DATE_TIME_NOW, TimeApi.NEW_DATE, TimeApi.THREAD_CPU_TIME};
        List<List<String>> roots = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            List<String> chain = new ArrayList<>(List.of("java.lang.Thread.run"));
            int depth = 10 + random.nextInt(16);
            for (int d = 0; d < depth; d++) {
                chain.add("org.framework.layer" + t + ".Component" + d + ".handle");
            }
            roots.add(chain);
        }
        String[] methods = new String[4000];
        for (int m = 0; m < methods.length; m++) {
            methods[m] = "com.acme.service.pkg" + (m % 40) + ".Service" + (m / 40) + ".method" + (m % 7);
        }
        String[] siteFrames = new String[sites];
        for (int s = 0; s < sites; s++) {
            siteFrames[s] = "com.acme.time.pkg" + (s % 50) + ".Clocked" + (s / 50) + ".read:" + (10 + s % 300);
        }
        List<WeightedStack> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long total = 0;
        while (out.size() < stacks) {
            int index = out.size();
            List<String> frames = new ArrayList<>(roots.get(random.nextInt(roots.size())));
            frames.add("com.acme.web.Handler" + random.nextInt(300) + ".serve");
            int depth = 8 + random.nextInt(40);
            int m = random.nextInt(methods.length);
            while (frames.size() < Math.min(depth, 63)) {
                frames.add(methods[m]);
                m = (m + 1 + random.nextInt(20)) % methods.length; // nearby methods: paths share their middles
            }
            int site = index < sites ? index : random.nextInt(sites); // every site reached at least once
            frames.add(siteFrames[site]);
            if (!seen.add(String.join(";", frames))) {
                continue;
            }
            long weight = 1 + (long) (1_000_000.0 / Math.pow(index + 1, 0.9));
            TimeApi api = apis[site % apis.length];
            long entered = api == TimeApi.THREAD_CPU_TIME ? weight : 0;
            out.add(new WeightedStack(frames, api, weight, entered, 1));
            total += weight;
        }
        // the report's totals, as the agent's own would say: the stacks sum to them
        json = json.replaceFirst("\"totals\"\\s*:\\s*\\{[^}]*\\}", "\"totals\" : {\"calls\" : " + total
                + ", \"avoidedKernel\" : 0, \"enteredKernel\" : 0}");
        try (Writer w = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
            HtmlPage.write("vdso-agent: flame graph scale test", json, out, w);
        }
        System.out.println(sites + " sites, " + out.size() + " stacks, " + total + " calls -> " + args[1] + " ("
                + Files.size(Path.of(args[1])) + " bytes)");
    }
}
