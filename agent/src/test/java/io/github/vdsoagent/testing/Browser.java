package io.github.vdsoagent.testing;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.logging.Level;

/**
 * Debian's headless chromium, driven through its chromedriver by Selenium, with the browser's console and network
 * logs kept for the test to read. The binaries are named, so Selenium never looks for (or downloads) a driver.
 */
public final class Browser {
    public static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

    private Browser() {
    }

    /** A headless session; skips the test, saying why, where chromium is not installed. */
    public static ChromeDriver start() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "SKIPPED: Debian's chromium and chromium-driver are not installed (.ci/run installs them as root)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--disable-extensions", "--no-first-run", "--no-default-browser-check");
        if ("root".equals(System.getProperty("user.name"))) {
            options.addArguments("--no-sandbox"); // chromium refuses to run as root with its sandbox
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
