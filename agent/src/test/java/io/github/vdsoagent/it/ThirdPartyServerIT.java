package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.Poll;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real server no one here wrote, H2 in TCP server mode, under a steady load of queries from this test: attach,
 * two reports, detach, all while it serves. No request may fail, counts grow between reports, and after detach
 * the server's classes have their original bytecode and the counts stand still.
 */
class ThirdPartyServerIT {
    private static final String SERVER_CLASS = "org.h2.engine.SessionLocal";

    @Test
    void attachReportDetachUnderLoadFailsNoRequest(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path h2 = Paths.get(System.getProperty("vdsoagent.h2.jar"));
        List<String> command = JavaProcess.jvm("-XX:+EnableDynamicAgentLoading");
        if (Runtime.version().feature() >= 24) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of("-cp", h2.toString(), "org.h2.tools.Server", "-tcp", "-tcpPort", Integer.toString(port),
                "-ifNotExists", "-baseDir", dir.toString()));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (URLClassLoader h2Loader = new URLClassLoader(new URL[]{h2.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String banner = out.readLine();
            assertTrue(banner != null && banner.contains("TCP server running"), "H2 did not start: " + banner);
            Driver driver = (Driver) h2Loader.loadClass("org.h2.Driver").getDeclaredConstructor().newInstance();
            String url = "jdbc:h2:tcp://localhost:" + port + "/orders";
            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicLong served = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                Thread client = new Thread(() -> load(driver, url, loading, served, failed));
                client.start();
                clients.add(client);
            }
            Poll.until("the server to serve its clients", () -> served.get() > 100);

            Path dumper = TargetJvm.dumperJar(dir);
            long pid = server.pid();
            byte[] original = classBytes(pid, dumper, dir.resolve("before"));
            assertEquals(0, Cli.inThisJvm("attach", pid).exitCode);
            long[] first = new long[1];
            Poll.until("calls counted under load", () -> (first[0] = totalCalls(report(pid))) > 0);
            Poll.until("counts that grow under load", () -> totalCalls(report(pid)) > first[0]);
            JavaProcess detach = Cli.inThisJvm("detach", pid, "--format", "json");
            assertEquals(0, detach.exitCode, detach::toString);
            long servedAtDetach = served.get();
            Poll.until("requests served after the detach", () -> served.get() > servedAtDetach + 10);
            loading.set(false);
            for (Thread client : clients) {
                client.join();
            }
            assertEquals(0, failed.get(), "no request failed");
            assertTrue(served.get() > servedAtDetach && servedAtDetach > 100, "served " + served + " requests");
            assertArrayEquals(original, classBytes(pid, dumper, dir.resolve("after")), "the original bytecode is back");
            assertEquals(1, Cli.inThisJvm("report", pid).exitCode, "nothing counts after detach");
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    /** One client's queries, until {@code loading} is false; MetricsExportersIT loads the server the same way. */
    static void load(Driver driver, String url, AtomicBoolean loading, AtomicLong served, AtomicLong failed) {
        Properties credentials = new Properties();
        credentials.setProperty("user", "sa");
        credentials.setProperty("password", "");
        try (Connection connection = driver.connect(url, credentials); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS HITS(ID IDENTITY, AT TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
            while (loading.get()) {
                try {
                    statement.execute("INSERT INTO HITS DEFAULT VALUES");
                    try (ResultSet rows = statement.executeQuery("SELECT COUNT(*), MAX(AT) FROM HITS")) {
                        rows.next();
                    }
                    served.incrementAndGet();
                    LockSupport.parkNanos(1_000_000); // steady load, not a spin: the other test class needs a core
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }
        } catch (Exception e) {
            failed.incrementAndGet();
        }
    }

    private static byte[] classBytes(long pid, Path dumper, Path out) throws Exception {
        com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(Long.toString(pid));
        try {
            vm.loadAgent(dumper.toString(), SERVER_CLASS + "=" + out);
        } finally {
            vm.detach();
        }
        return java.nio.file.Files.readAllBytes(out);
    }

    private static JsonNode report(long pid) throws Exception {
        JavaProcess report = Cli.reportInThisJvm(pid, "--format", "json");
        assertEquals(0, report.exitCode, report::toString);
        return new ObjectMapper().readTree(report.stdout);
    }

    private static long totalCalls(JsonNode report) {
        return report.get("totals").get("calls").asLong();
    }
}
