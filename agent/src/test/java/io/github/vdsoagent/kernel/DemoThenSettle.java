package io.github.vdsoagent.kernel;

import io.github.vdsoagent.demo.DemoApp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The demo, then a wait until the agent's set-up thread has ended, for the strace and perf cross-checks: the clocks'
 * timing it runs makes tens of thousands of clock_gettime system calls, slowly under strace, and a short demo can end
 * before it does. Those made after the agent's final report would be strace's and not the agent's.
 */
public final class DemoThenSettle {
    private static final String CLOCK_SETUP = "vdso-agent-setu"; // "vdso-agent-setup", as comm truncates it

    private DemoThenSettle() {
    }

    public static void main(String[] args) throws Exception {
        DemoApp.main(args);
        for (int i = 0; i < 3000 && clockSetupRunning(); i++) {
            Thread.sleep(10);
        }
    }

    private static boolean clockSetupRunning() throws IOException {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    if (new String(Files.readAllBytes(task.resolve("comm")), StandardCharsets.UTF_8).trim().equals(CLOCK_SETUP)) {
                        return true;
                    }
                } catch (IOException ended) {
                    // the thread ended while listed
                }
            }
        }
        return false;
    }
}
