package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.tools.attach.VirtualMachine;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.HeldProcess;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.Poll;
import io.github.vdsoagent.testing.PrometheusScrape;
import io.github.vdsoagent.testing.TargetJvm;
import io.github.vdsoagent.vocabulary.TimeApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's MBeans read by the agents fleets run, with the configurations shipped in docs/metrics/: the Prometheus
 * JMX exporter and the OpenTelemetry Java agent, each scraped over HTTP as Prometheus would, their series held to the
 * agent's own report. The agent counts only the application's classes here ({@code include=}), so that the
 * exporters' own time calls, which a scrape makes, leave the figures still once the application is idle.
 */
class MetricsExportersIT {
    private static final String CALLS = "vdsoagent_calls_total";
    private static final String AVOIDED = "vdsoagent_avoided_kernel_total";
    private static final String ENTERED = "vdsoagent_entered_kernel_total";
    private static final String COARSE = "vdsoagent_coarse_calls_total";
    /** The demo's classes only; its currentTimeMillis sites coarse, which the API's series count and apart. */
    private static final String DEMO_ONLY = "include=io.github.vdsoagent.demo.**,report=none,coarse=currentTimeMillis";

    /** Both exporters in one JVM, each scraped apart: a JVM each would add a start-up for no assertion more. */
    @Test
    void bothExportersScrapeTheReportsFigures() throws Exception {
        int prometheusPort = freePort();
        int otelPort = freePort();
        List<String> command = JavaProcess.jvm("-XX:+EnableDynamicAgentLoading",
                "-javaagent:" + jar("vdsoagent.jmx.exporter.jar") + "=127.0.0.1:" + prometheusPort + ":"
                        + config("jmx-exporter.yaml"));
        command.addAll(openTelemetryAgent(otelPort));
        command.addAll(JavaProcess.withAgent(DEMO_ONLY));
        command.addAll(List.of("-jar", JavaProcess.demoJar().toString(), "--iterations", "100000", "--hold"));
        try (HeldProcess demo = HeldProcess.start(command, "holding")) {
            assertTheScrapeShowsTheReport(demo, prometheusPort);
            assertTheScrapeShowsTheReport(demo, otelPort);
            for (PrometheusScrape.Sample sample : PrometheusScrape.of(otelPort).named(CALLS)) {
                assertEquals("io.opentelemetry.jmx", sample.labels().get("otel_scope_name"), sample::toString);
            }
        }
    }

    /** The OpenTelemetry Java agent as docs/metrics configures it, serving Prometheus on {@code port}. */
    private static List<String> openTelemetryAgent(int port) {
        return List.of("-javaagent:" + jar("vdsoagent.otel.agent.jar"),
                "-Dotel.jmx.config=" + config("otel-jmx.yaml"),
                "-Dotel.jmx.discovery.delay=1s", // the first look for beans; by default a minute into the JVM's life
                "-Dotel.metrics.exporter=prometheus",
                "-Dotel.exporter.prometheus.host=127.0.0.1",
                "-Dotel.exporter.prometheus.port=" + port,
                "-Dotel.traces.exporter=none",
                "-Dotel.logs.exporter=none");
    }

    /**
     * A JVM running the exporter, the agent attached later: the series appear, equal the report, and a site of its
     * own with jmxsites=; a JMX client reads the Agent bean as open data. After detach the beans are gone; a second
     * attach goes on from the first one's figures, neither reset nor counted twice.
     */
    @Test
    void afterAttachTheSeriesAppearAfterDetachTheyAreGoneAndAReattachGoesOn() throws Exception {
        int port = freePort();
        try (TargetJvm target = TargetJvm.start("-javaagent:" + jar("vdsoagent.jmx.exporter.jar") + "=127.0.0.1:"
                + port + ":" + config("jmx-exporter.yaml"))) {
            Poll.until("the exporter to answer", () -> PrometheusScrape.orNull(port) != null);
            assertTrue(PrometheusScrape.of(port).named(CALLS).isEmpty(), "no series before the agent is there");

            String options = "include=io.github.vdsoagent.fixtures.**,jmxsites=2";
            JavaProcess attach = Cli.inThisJvm("attach", target.pid(), options);
            assertEquals(0, attach.exitCode, attach::toString);
            target.run(1000);
            JsonNode first = report(target.pid());
            assertEquals(1000, apiRow(first, TimeApi.NANO_TIME).get("calls").asLong(), first::toString);
            Poll.until("the scrape to show the first session's report", () -> mismatches(PrometheusScrape.of(port),
                    Map.of(), first).isEmpty());
            PrometheusScrape attached = PrometheusScrape.of(port);
            PrometheusScrape.Sample site = attached.named("vdsoagent_site_calls_total").get(0);
            assertEquals(Map.of("api", "java.lang.System.nanoTime", "class", "io.github.vdsoagent.fixtures.TimeCalls",
                    "method", "nanoTimeLoop", "line", site.labels().get("line")), site.labels(), attached::toString);
            assertEquals(1000, (long) site.value(), attached::toString);
            assertTheAgentBeanIsOpenData(target.pid());

            JavaProcess detach = Cli.inThisJvm("detach", target.pid());
            assertEquals(0, detach.exitCode, detach::toString);
            PrometheusScrape detached = PrometheusScrape.of(port);
            assertTrue(detached.named(CALLS).isEmpty() && detached.named("vdsoagent_site_calls_total").isEmpty(),
                    () -> "the beans are gone after detach:\n" + detached);
            target.run(500); // not counted: the classes are restored

            attach = Cli.inThisJvm("attach", target.pid(), options);
            assertEquals(0, attach.exitCode, attach::toString);
            target.run(300);
            JsonNode second = report(target.pid());
            assertEquals(300, apiRow(second, TimeApi.NANO_TIME).get("calls").asLong(), second::toString);
            Poll.until("the scrape to show both sessions' calls", () -> mismatches(PrometheusScrape.of(port),
                    Map.of(TimeApi.NANO_TIME.apiName(), apiRow(first, TimeApi.NANO_TIME)), second).isEmpty());
        }
    }

    /**
     * The JMX exporter beside vdso-agent on a real server no one here wrote, H2 in TCP server mode, under a steady
     * load of queries from this test: every scrape lies between the server's reports taken just before and just
     * after it, and the series grow with the load. No request fails. The OTel agent reads the same beans the same
     * way and is held to the report above; beside this server it cost 8 s more CPU (JDK 17).
     */
    @Test
    void theJmxExporterOnAThirdPartyServerUnderLoadLiesBetweenItsReports(@TempDir Path dir) throws Exception {
        int h2Port = freePort();
        int prometheusPort = freePort();
        List<String> command = JavaProcess.jvm("-XX:+EnableDynamicAgentLoading",
                "-javaagent:" + jar("vdsoagent.jmx.exporter.jar") + "=127.0.0.1:" + prometheusPort + ":"
                        + config("jmx-exporter.yaml"));
        command.addAll(JavaProcess.withAgent("include=org.h2.**,report=none"));
        command.addAll(List.of("-cp", jar("vdsoagent.h2.jar").toString(), "org.h2.tools.Server", "-tcp", "-tcpPort",
                Integer.toString(h2Port), "-ifNotExists", "-baseDir", dir.toString()));
        Path stderr = dir.resolve("server.err");
        Process server = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        try (URLClassLoader h2Loader = new URLClassLoader(new URL[] {jar("vdsoagent.h2.jar").toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            String banner = out.readLine();
            assertTrue(banner != null && banner.contains("TCP server running"), () -> "H2 did not start: " + banner
                    + "\n" + read(stderr));
            Driver driver = (Driver) h2Loader.loadClass("org.h2.Driver").getDeclaredConstructor().newInstance();
            String url = "jdbc:h2:tcp://localhost:" + h2Port + "/orders";
            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicLong served = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                Thread client = new Thread(() -> ThirdPartyServerIT.load(driver, url, loading, served, failed));
                client.start();
                clients.add(client);
            }
            try {
                Poll.until("the server to serve its clients", () -> served.get() > 100);
                long[] firstTotal = new long[1];
                List<String> last = new ArrayList<>();
                try {
                    Poll.until("a scrape between two reports", () -> {
                        JsonNode before = report(server.pid());
                        PrometheusScrape scrape = PrometheusScrape.orNull(prometheusPort);
                        JsonNode after = report(server.pid());
                        last.clear();
                        last.addAll(scrape == null ? List.of("nothing answers") : outside(before, scrape, after));
                        firstTotal[0] = scrape == null ? 0 : total(scrape);
                        return last.isEmpty() && firstTotal[0] > 0;
                    });
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + ": " + last + "\n" + read(stderr), e);
                }
                Poll.until("the series to grow with the load",
                        () -> total(PrometheusScrape.of(prometheusPort)) > firstTotal[0]);
            } finally {
                loading.set(false);
                for (Thread client : clients) {
                    client.join();
                }
            }
            assertEquals(0, failed.get(), "no request failed");
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    /** Where a scrape's figures lie outside those of the reports before and after it, per API and series. */
    private static List<String> outside(JsonNode before, PrometheusScrape scrape, JsonNode after) {
        List<String> outside = new ArrayList<>();
        String[][] series = {{CALLS, "calls"}, {AVOIDED, "avoidedKernel"}, {ENTERED, "enteredKernel"}};
        for (String[] pair : series) {
            Map<String, Long> scraped = scrape.byLabel(pair[0], "api");
            for (TimeApi api : TimeApi.values()) {
                if (api.isCoarse()) {
                    continue; // no coarse= here
                }
                long low = value(apiRow(before, api), pair[1]);
                long high = value(apiRow(after, api), pair[1]);
                long value = scraped.getOrDefault(api.apiName(), -1L);
                if (value < low || value > high) {
                    outside.add(pair[0] + "{api=" + api.apiName() + "} " + value + " not in [" + low + ", " + high
                            + "]");
                }
            }
        }
        return outside;
    }

    private static long total(PrometheusScrape scrape) {
        long total = 0;
        for (long calls : scrape.byLabel(CALLS, "api").values()) {
            total += calls;
        }
        return total;
    }

    /** The file's text, for a failure's message. */
    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void assertTheScrapeShowsTheReport(HeldProcess demo, int port) throws Exception {
        JsonNode report = report(demo.pid());
        List<String> last = new ArrayList<>();
        try {
            Poll.until("the scrape to show the report's figures", () -> {
                PrometheusScrape scrape = PrometheusScrape.orNull(port);
                last.clear();
                last.addAll(scrape == null ? List.of("nothing answers on port " + port)
                        : mismatches(scrape, Map.of(), report));
                return last.isEmpty();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + last + "\n" + demo, e);
        }
        JsonNode again = report(demo.pid());
        assertEquals(report.get("totals").get("calls").asLong(), again.get("totals").get("calls").asLong(),
                "the application was idle: the report did not move while the scrapes caught up");
    }

    /**
     * Where the scrape differs from the report's rows: each API's three series equal the report's calls, avoided
     * and entered (its coarse row's included), plus {@code earlier} (an earlier session's rows, by API); the coarse
     * series equal the coarse rows' calls; the other APIs show none.
     */
    private static List<String> mismatches(PrometheusScrape scrape, Map<String, JsonNode> earlier, JsonNode report) {
        Map<String, Long> calls = scrape.byLabel(CALLS, "api");
        Map<String, Long> avoided = scrape.byLabel(AVOIDED, "api");
        Map<String, Long> entered = scrape.byLabel(ENTERED, "api");
        Map<String, Long> coarse = scrape.byLabel(COARSE, "api");
        List<TimeApi> apis = new ArrayList<>();
        for (TimeApi api : TimeApi.values()) {
            if (!api.isCoarse()) {
                apis.add(api);
            }
        }
        List<String> mismatches = new ArrayList<>();
        if (calls.size() != apis.size()) {
            mismatches.add(calls.size() + " APIs scraped, not " + apis.size());
        }
        for (TimeApi api : apis) {
            JsonNode row = apiRow(report, api);
            JsonNode coarseRow = api.coarse() == null ? null : apiRow(report, api.coarse());
            JsonNode before = earlier.get(api.apiName());
            long[] expected = {sum(row, coarseRow, before, "calls"), sum(row, coarseRow, before, "avoidedKernel"),
                sum(row, coarseRow, before, "enteredKernel"), sum(coarseRow, null, null, "calls")};
            long[] scraped = {calls.getOrDefault(api.apiName(), -1L), avoided.getOrDefault(api.apiName(), -1L),
                entered.getOrDefault(api.apiName(), -1L), coarse.getOrDefault(api.apiName(), -1L)};
            if (!java.util.Arrays.equals(expected, scraped)) {
                mismatches.add(api.apiName() + ": scraped " + java.util.Arrays.toString(scraped) + ", report "
                        + java.util.Arrays.toString(expected));
            }
        }
        return mismatches;
    }

    private static long sum(JsonNode row, JsonNode coarseRow, JsonNode earlier, String field) {
        return value(row, field) + value(coarseRow, field) + value(earlier, field);
    }

    private static long value(JsonNode row, String field) {
        return row == null ? 0 : row.get(field).asLong();
    }

    /** Over the JDK's own remote JMX, as jconsole would: open types only, none of the agent's classes needed. */
    private static void assertTheAgentBeanIsOpenData(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String url;
        try {
            url = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName agent = new ObjectName("io.github.vdsoagent:type=Agent");
            assertEquals(JavaProcess.expectedVdsoBackend(), server.getAttribute(agent, "Backend"));
            assertEquals("vdso", server.getAttribute(agent, "Reads"));
            assertFalse(((String) server.getAttribute(agent, "Clocksource")).isEmpty());
            assertTrue((Integer) server.getAttribute(agent, "Sites") >= 1);
            assertTrue((Long) server.getAttribute(agent, "SessionStartTime") > 0);
            CompositeData[] clocks = (CompositeData[]) server.getAttribute(agent, "Clocks");
            assertEquals(3, clocks.length, "the three clocks the rewritten calls read");
            for (CompositeData clock : clocks) {
                assertTrue(List.of("vdso", "kernel", "partial").contains(clock.get("verdict")), clock::toString);
                assertTrue(List.of("measured", "inferred").contains(clock.get("evidence")), clock::toString);
            }
            ObjectName nanoTime = new ObjectName("io.github.vdsoagent:type=TimeCalls,api=java.lang.System.nanoTime");
            assertEquals("CLOCK_MONOTONIC", server.getAttribute(nanoTime, "Clock"));
        }
    }

    /** The report's row of {@code api}: its precise sites' or, for a coarse twin, its coarse sites'. */
    private static JsonNode apiRow(JsonNode report, TimeApi api) {
        for (JsonNode row : report.get("apis")) {
            if (row.get("api").asText().equals(api.apiName()) && row.get("coarse").asBoolean() == api.isCoarse()) {
                return row;
            }
        }
        return null;
    }

    private static JsonNode report(long pid) throws Exception {
        JavaProcess report = Cli.reportInThisJvm(pid, "--format", "json");
        assertEquals(0, report.exitCode, report::toString);
        return new ObjectMapper().readTree(report.stdout);
    }

    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    static Path jar(String property) {
        return Paths.get(System.getProperty(property));
    }

    static Path config(String name) {
        return Paths.get(System.getProperty("vdsoagent.metrics.configs"), name);
    }
}
