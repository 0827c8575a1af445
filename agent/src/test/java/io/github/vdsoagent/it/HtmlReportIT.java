package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.Browser;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTML report in a real browser (Debian's headless chromium): it renders without a console error, its flame
 * graph's root shows the total calls, a click zooms, a search highlights and shows the matched share, and the page
 * asks the network for nothing. One browser session for both pages: one from {@code profile --format html}, one
 * from {@code -javaagent} with {@code report=FILE.html,format=html}.
 */
class HtmlReportIT {
    private static final String APP = "io.github.vdsoagent.fixtures.StackPathsApp";

    @Test
    void theFlameGraphWorksInARealBrowser(@TempDir Path dir) throws Exception {
        Path profiled = profiledPage(dir);
        Path premain = dir.resolve("premain.html");
        JavaProcess javaagent = JavaProcess.run(JavaProcess.withAgent("report=" + premain + ",format=html,include="
                + APP + ",stacks=1,startdelay=0"), "-cp", AgentRun.testClasses(), "io.github.vdsoagent.fixtures.SampledRounds",
                "20000");
        assertEquals(0, javaagent.exitCode, javaagent::toString);
        Path reported = dir.resolve("report.html");
        assertSelfContained(profiled);
        assertSelfContained(premain);
        assertSelfContained(reported);

        ChromeDriver browser = Browser.start();
        try {
            JsonNode report = open(browser, profiled);
            long total = report.get("totals").get("calls").asLong();
            assertTrue(total > 0, "calls were profiled");
            rootShowsTheTotal(browser, total);
            clickZooms(browser);
            searchHighlights(browser, total);
            noConsoleErrorAndNoNetwork(browser, profiled);

            JsonNode fromPremain = open(browser, premain);
            assertEquals(100_000, fromPremain.get("totals").get("calls").asLong());
            samplingNoteSaysFromWhen(browser, fromPremain);
            rootShowsTheTotal(browser, 100_000);
            noConsoleErrorAndNoNetwork(browser, premain);

            JsonNode fromReport = open(browser, reported);
            assertTrue(fromReport.get("totals").get("calls").asLong() >= 20_000, fromReport.get("totals").toString());
            rootShowsTheTotal(browser, fromReport.get("totals").get("calls").asLong());
            noConsoleErrorAndNoNetwork(browser, reported);
        } finally {
            browser.quit();
        }
    }

    /** {@code profile PID --duration 3s --format html --out FILE} while the target makes calls from both paths. */
    private static Path profiledPage(Path dir) throws Exception {
        Path page = dir.resolve("profile.html");
        try (TargetJvm target = TargetJvm.startMain(List.of(), APP)) {
            Process cli = new ProcessBuilder(JavaProcess.jvm("-jar", JavaProcess.agentJar().toString(),
                    "profile", Long.toString(target.pid()), "--duration", "3s", "--format", "html", "--out",
                    page.toString(), "include=" + APP + ",stacks=1,startdelay=0"))
                    .redirectOutput(dir.resolve("cli.out").toFile()).redirectError(dir.resolve("cli.err").toFile())
                    .start();
            while (cli.isAlive()) {
                target.ask("run 20000");
                Thread.sleep(50);
            }
            assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, cli.exitValue(), Files.readString(dir.resolve("cli.err")));

            // The same JVM attached again: report PID --format html --out FILE, the third way to a page.
            JavaProcess attach = Cli.inThisJvm("attach", target.pid(), "include=" + APP + ",stacks=1,startdelay=0");
            assertEquals(0, attach.exitCode, attach::toString);
            target.ask("run 20000");
            JavaProcess report = Cli.inThisJvm("report", target.pid(), "--format", "html", "--out",
                    dir.resolve("report.html"));
            assertEquals(0, report.exitCode, report::toString);
        }
        return page;
    }

    /** No script, style, font or image from anywhere: everything is inline. */
    private static void assertSelfContained(Path page) throws IOException {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, Math.min(200, html.length())));
        for (String outside : List.of("src=", "href=", "@import", "url(", "http://", "https://")) {
            assertTrue(!html.contains(outside), "the page refers outside itself: " + outside);
        }
    }

    private static JsonNode open(ChromeDriver browser, Path page) throws IOException {
        browser.get(page.toUri().toString());
        Object json = browser.executeScript("return document.getElementById('report-data').textContent");
        return new ObjectMapper().readTree((String) json);
    }

    /** The note under the graph says from when in the window calls were sampled, as the JSON does. */
    private static void samplingNoteSaysFromWhen(ChromeDriver browser, JsonNode report) {
        String note = browser.findElement(By.id("flame-note")).getText();
        long fromMs = report.get("stackSampling").get("sampledFromMs").asLong();
        assertTrue(fromMs >= 0 && fromMs <= report.get("session").get("durationMs").asLong(), report.toString());
        assertTrue(note.startsWith("Stacks: one call in 1 sampled"), note);
        String calls = String.format(java.util.Locale.ROOT, "%,d",
                report.get("stackSampling").get("callsWhileSampling").asLong());
        assertEquals(fromMs > 0, note.contains(" of the " + calls + " made from "), fromMs + " ms: " + note);
        assertEquals(fromMs > 0, note.contains(" on (when the set-up started sampling)"), fromMs + " ms: " + note);
    }

    /** Hovering the root frame shows all the report's calls. */
    private static void rootShowsTheTotal(ChromeDriver browser, long total) {
        assertEquals(total, ((Number) browser.executeScript("return vdsoFlame.root.value")).longValue(),
                "the flame graph's root is the report's total");
        WebElement canvas = browser.findElement(By.id("flame"));
        hover(browser, canvas, 5, 8);
        String tip = browser.findElement(By.id("flame-tip")).getText();
        assertTrue(tip.startsWith("all\n" + String.format(Locale.US, "%,d", total) + " calls"), tip);
    }

    /** A click on the first frame below the root zooms on it: it then spans the graph's width. */
    private static void clickZooms(ChromeDriver browser) {
        WebElement canvas = browser.findElement(By.id("flame"));
        new Actions(browser).moveToElement(canvas, -canvas.getSize().getWidth() / 2 + 5, -canvas.getSize().getHeight() / 2 + 17 + 8)
                .click().perform();
        String zoomed = (String) browser.executeScript("return vdsoFlame.label(vdsoFlame.zoomed())");
        assertTrue(!zoomed.equals("all"), "a click zooms in");
        assertTrue(browser.findElement(By.id("flame-path")).getText().startsWith("zoomed on: " + zoomed),
                browser.findElement(By.id("flame-path")).getText());
        Map<?, ?> rect = (Map<?, ?>) browser.executeScript("return vdsoFlame.rectOf(arguments[0])", zoomed);
        assertTrue(((Number) rect.get("w")).doubleValue() >= canvas.getSize().getWidth() - 1, "the zoomed frame spans it: " + rect);
        browser.findElement(By.id("flame-reset")).click();
        assertEquals("all", browser.executeScript("return vdsoFlame.label(vdsoFlame.zoomed())"));
    }

    /** Searching for pathB highlights its frame and shows the share of the calls that came through it. */
    private static void searchHighlights(ChromeDriver browser, long total) {
        WebElement search = browser.findElement(By.id("flame-search"));
        search.sendKeys("pathB");
        long matched = ((Number) browser.executeScript("return vdsoFlame.matched()")).longValue();
        assertTrue(matched > 0 && matched < total, "pathB made some of the calls: " + matched);
        String shown = browser.findElement(By.id("flame-match")).getText();
        assertTrue(shown.startsWith("matched: ") && shown.endsWith("(" + String.format(Locale.US, "%,d", matched) + ")"),
                shown);
        Map<?, ?> rect = (Map<?, ?>) browser.executeScript("return vdsoFlame.rectOf(arguments[0])", APP + ".pathB");
        List<?> pixel = (List<?>) browser.executeScript("const c = document.getElementById('flame');"
                + " const r = window.devicePixelRatio || 1;"
                + " return Array.from(c.getContext('2d').getImageData((arguments[0] + 1) * r, (arguments[1] + 2) * r, 1, 1).data)",
                rect.get("x"), rect.get("y"));
        assertEquals(List.of(224L, 64L, 251L, 255L), pixel, "the matched frame is drawn in the highlight colour");
        search.clear();
        search.sendKeys(" ");
        search.clear();
    }

    private static void noConsoleErrorAndNoNetwork(ChromeDriver browser, Path page) {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.WARNING.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        assertEquals(List.of(), errors, "the browser's console");
        List<String> requests = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            String message = entry.getMessage();
            if (message.contains("\"Network.requestWillBeSent\"")) {
                int at = message.indexOf("\"url\":\"");
                String url = message.substring(at + 7, message.indexOf('"', at + 7));
                if (!url.equals(page.toUri().toString()) && !url.equals("file://" + page)) {
                    requests.add(url);
                }
            }
        }
        assertEquals(List.of(), requests, "the page asked for nothing but itself");
        assertEquals(0L, ((Number) browser.executeScript("return performance.getEntriesByType('resource').length"))
                .longValue());
    }

    private static void hover(ChromeDriver browser, WebElement canvas, int x, int y) {
        new Actions(browser).moveToElement(canvas, -canvas.getSize().getWidth() / 2 + x,
                -canvas.getSize().getHeight() / 2 + y).perform();
    }
}
