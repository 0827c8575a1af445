package io.github.vdsoagent.it;

import io.github.vdsoagent.fixtures.LoaderApp;
import io.github.vdsoagent.testing.AgentRun;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.HostResources;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.Poll;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A report goes only to a regular file of the user's or a new path: a device, a FIFO or another user's file is
 * refused with one line (the application runs unmodified), never replaced. A report that cannot be written is one
 * warning, however often it is retried, and one line more when it can be written again.
 */
@ResourceLock(value = HostResources.PERF_EVENT_PARANOID, mode = ResourceAccessMode.READ) // kernelcheck=perf
class ReportTargetsIT {

    @Test
    void aDeviceNodeIsRefusedAndLeftAsItWas(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mknod needs root");
        Path device = dir.resolve("fakefull");
        assertEquals(0, new ProcessBuilder("mknod", "-m", "666", device.toString(), "c", "1", "7").start().waitFor());
        JavaProcess p = JavaProcess.run(JavaProcess.withAgent("report=" + device), "-cp", AgentRun.testClasses(),
                LoaderApp.class.getName(), "10");
        assertEquals(0, p.exitCode, p::toString);
        assertEquals("LoaderApp done true", p.stdout.trim(), "the application ran: " + p);
        assertEquals(List.of("vdso-agent: report=" + device + " is a character device, not a regular file: a report"
                + " goes only to a regular file or a new path; the agent is inactive and the application runs"
                + " unmodified"), p.stderr.lines().toList());
        assertEquals("c", type(device), "still the device node");
    }

    @Test
    void aFifoIsRefusedWithoutBlockingAndLeftAsItWas(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        JavaProcess p = JavaProcess.run(JavaProcess.withAgent("report=" + fifo), "-cp", AgentRun.testClasses(),
                LoaderApp.class.getName(), "10");
        assertEquals(0, p.exitCode, p::toString);
        assertTrue(p.stderr.startsWith("vdso-agent: report=" + fifo + " is a FIFO, not a regular file"), p.stderr);
        assertEquals(1, p.stderr.lines().count(), p.stderr);
        assertEquals("p", type(fifo));

        JavaProcess cli = Cli.inThisJvm("report", ProcessHandle.current().pid(), "--out", fifo);
        assertEquals(2, cli.exitCode, "a usage error, before the target is even looked at: " + cli);
        assertTrue(cli.stderr.startsWith("vdso-agent: --out " + fifo + " is a FIFO"), cli.stderr);
        assertEquals("p", type(fifo));
    }

    @Test
    void aLinkToADeviceIsRefusedAndStaysALink(@TempDir Path dir) throws Exception {
        // /dev/stderr is such a link; as root, replacing it would leave a regular file where the terminal was.
        Path link = Files.createSymbolicLink(dir.resolve("stderr"), Path.of("/dev/null"));
        JavaProcess p = JavaProcess.run(JavaProcess.withAgent("report=" + link), "-cp", AgentRun.testClasses(),
                LoaderApp.class.getName(), "10");
        assertEquals(0, p.exitCode, p::toString);
        assertEquals(List.of("vdso-agent: report=" + link + " is a link to a character device, not to a regular"
                + " file: a report goes only to a regular file or a new path; the agent is inactive and the"
                + " application runs unmodified"), p.stderr.lines().toList());
        assertEquals("l", type(link), "still the link");

        JavaProcess cli = Cli.inThisJvm("report", ProcessHandle.current().pid(), "--out", link);
        assertEquals(2, cli.exitCode, "a usage error, before the target is even looked at: " + cli);
        assertTrue(cli.stderr.startsWith("vdso-agent: --out " + link + " is a link to a character device"), cli.stderr);
        assertEquals("l", type(link));
        assertEquals("c", type(Path.of("/dev/null")));
    }

    @Test
    void anotherUsersFileIsNotReplaced(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chown to another user needs root");
        Path theirs = Files.writeString(dir.resolve("theirs.txt"), "theirs");
        assertEquals(0, new ProcessBuilder("chown", "nobody", theirs.toString()).start().waitFor());
        JavaProcess p = JavaProcess.run(JavaProcess.withAgent("report=" + theirs), "-cp", AgentRun.testClasses(),
                LoaderApp.class.getName(), "10");
        assertEquals(0, p.exitCode, p::toString);
        assertTrue(p.stderr.contains("belongs to uid 65534, not to this process's uid 0"), p.stderr);
        assertEquals("theirs", Files.readString(theirs));
    }

    @Test
    void aReportThatCannotBeWrittenIsOneWarningUntilItCanAgain(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("later");
        Path report = missing.resolve("r.txt");
        List<String> options = JavaProcess.withAgent("report=" + report + ",interval=200ms,startdelay=0");
        try (TargetJvm target = TargetJvm.startMain(options, "io.github.vdsoagent.fixtures.ControlledApp")) {
            Poll.until("the first failed write", () -> target.stderr().contains("could not write the report"));
            Thread.sleep(1000); // five more attempts, which must stay silent
            Files.createDirectory(missing);
            Poll.until("a write that works again", () -> Files.exists(report));
            Poll.until("the line that says so", () -> target.stderr().contains("again"));
            target.run(10);
            List<String> lines = target.stderr().lines().toList();
            assertEquals(2, lines.size(), lines.toString());
            assertEquals("vdso-agent: WARN could not write the report to " + report + ": its directory does not"
                    + " exist", lines.get(0));
            assertEquals("vdso-agent: WARN the report is written to " + report + " again", lines.get(1));
        }
    }

    /**
     * The set-up makes the report once and throws it away, so that the exit's report runs warm code: nothing of it
     * reaches the report's file, which holds the exit's report alone. With report=none there is nothing to rehearse,
     * and kernelcheck=perf's reports may warn of their counts, which a rehearsal would do of a report no one reads.
     */
    @Test
    void theSetUpRehearsesTheReportWithoutWritingIt(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("r.txt");
        List<String> options = JavaProcess.withAgent("report=" + report + ",startdelay=0,log=debug");
        try (TargetJvm target = TargetJvm.startMain(options, "io.github.vdsoagent.fixtures.ControlledApp")) {
            target.run(10);
            Poll.until("the rehearsal", () -> target.stderr().contains("set-up: report rehearsal in"));
            assertFalse(Files.exists(report), "the rehearsal wrote a report");
            target.exitSoon();
            assertEquals(0, target.waitForExit(60), target::stderr);
        }
        String written = Files.readString(report);
        assertEquals(1, written.split("=== vdso-agent report", -1).length - 1, written);

        for (String without : List.of("report=none", "report=" + dir.resolve("perf.txt") + ",kernelcheck=perf")) {
            List<String> args = JavaProcess.withAgent(without + ",startdelay=0,log=debug");
            try (TargetJvm target = TargetJvm.startMain(args, "io.github.vdsoagent.fixtures.ControlledApp")) {
                Poll.until("the stage after the rehearsal's place",
                        () -> target.stderr().contains("set-up: control channel in"));
                assertFalse(target.stderr().contains("report rehearsal"), without + ": " + target.stderr());
            }
        }
    }

    /** The file type as ls -l's first letter: c, p, -, ... */
    private static String type(Path path) throws Exception {
        assertTrue(Files.exists(path, LinkOption.NOFOLLOW_LINKS));
        Process ls = new ProcessBuilder("stat", "-c", "%A", path.toString()).start();
        String mode = new String(ls.getInputStream().readAllBytes()).trim();
        ls.waitFor();
        return mode.substring(0, 1);
    }
}
