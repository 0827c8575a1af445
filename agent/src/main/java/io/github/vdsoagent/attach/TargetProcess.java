package io.github.vdsoagent.attach;

import io.github.vdsoagent.files.FileOwner;
import io.github.vdsoagent.host.ProcessIdentity;
import io.github.vdsoagent.protocol.AgentDirectory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * What /proc says about a pid before the CLI tries to attach: that it runs, that it is this user's, that it is a
 * HotSpot JVM, that it accepts attaching. The attach mechanism signals its target with SIGQUIT, which kills a
 * process that is not a JVM, so nothing is attempted until /proc shows libjvm in the process.
 */
public final class TargetProcess {
    private static final String TMPDIR_PROPERTY = "-Djava.io.tmpdir=";

    private final long pid;
    private final Path proc;
    private ProcessIdentity identity;
    private int uid;
    private int gid;
    /** Where libjvm.so is mapped from, as the target sees its file system; set by the JVM check. */
    private String libjvm;

    private TargetProcess(long pid) {
        this.pid = pid;
        this.proc = Paths.get("/proc", Long.toString(pid));
    }

    /** Checks the pid; throws with the reason it cannot be a target. */
    public static TargetProcess check(long pid) throws TargetException {
        if (pid <= 0) {
            throw new TargetException(pid + " is not a process id");
        }
        if (pid == ProcessHandle.current().pid()) {
            throw new TargetException(pid + " is this CLI's own JVM, which vdso-agent never instruments");
        }
        TargetProcess target = new TargetProcess(pid);
        target.identity = ProcessIdentity.of(pid);
        if (target.identity == null || !Files.isDirectory(target.proc)) {
            throw new TargetException("no process " + pid + " is running");
        }
        target.checkOwner();
        target.checkIsJvm();
        if (target.options().contains("-XX:+DisableAttachMechanism")) {
            throw new TargetException("JVM " + pid + " runs with -XX:+DisableAttachMechanism: it cannot be attached to");
        }
        return target;
    }

    /**
     * What /proc says of a process, without the checks that make it a target (for list): null if it is gone or
     * its owner cannot be read.
     */
    public static TargetProcess peek(long pid) {
        TargetProcess process = new TargetProcess(pid);
        process.identity = ProcessIdentity.of(pid);
        process.uid = FileOwner.uid(process.proc);
        process.gid = FileOwner.gid(process.proc);
        return process.identity == null || process.uid < 0 ? null : process;
    }

    public long pid() {
        return pid;
    }

    /** Whether this very process still runs (not another that has since taken its pid). */
    public boolean isAlive() {
        return identity.isAlive();
    }

    public ProcessIdentity identity() {
        return identity;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    /**
     * The target's java.io.tmpdir, where its agent announces itself and where it can read the CLI's exchanges: the
     * last -Djava.io.tmpdir= the JVM took (JAVA_TOOL_OPTIONS, then JDK_JAVA_OPTIONS, then its command line), else
     * /tmp, the JDK's default on Linux.
     */
    public Path tmpdir() {
        String found = null;
        for (String option : javaOptions()) {
            if (option.startsWith(TMPDIR_PROPERTY) && option.length() > TMPDIR_PROPERTY.length()) {
                found = option.substring(TMPDIR_PROPERTY.length());
            }
        }
        Path dir = Paths.get(found == null ? "/tmp" : found);
        if (!dir.isAbsolute()) {
            try {
                dir = Files.readSymbolicLink(proc.resolve("cwd")).resolve(dir);
            } catch (IOException | RuntimeException e) {
                dir = dir.toAbsolutePath();
            }
        }
        return dir;
    }

    /** Where the agent in the target announces itself. */
    public AgentDirectory agentDirectory() {
        return AgentDirectory.of(tmpdir(), uid);
    }

    /** The JVM's options in the order it takes them: JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, its command line. */
    private List<String> javaOptions() {
        List<String> options = new ArrayList<>();
        String environ = read("environ");
        for (String variable : List.of("JAVA_TOOL_OPTIONS=", "JDK_JAVA_OPTIONS=")) {
            for (String entry : environ.split("\0")) {
                if (entry.startsWith(variable)) {
                    options.addAll(List.of(entry.substring(variable.length()).trim().split("\\s+")));
                }
            }
        }
        options.addAll(List.of(read("cmdline").split("\0")));
        return options;
    }

    private String read(String file) {
        try {
            return new String(Files.readAllBytes(proc.resolve(file)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // unreadable: treated as no options
        }
    }

    /** Whether the JVM's options (command line, JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS) contain {@code flag}. */
    public boolean hasOption(String flag) {
        return options().contains(flag);
    }

    private void checkOwner() throws TargetException {
        uid = FileOwner.uid(proc);
        gid = FileOwner.gid(proc);
        int self = FileOwner.processUid();
        if (uid < 0 || self < 0) {
            throw new TargetException("cannot read the owner of /proc/" + pid);
        }
        if (uid != self && self != 0) {
            throw new TargetException("process " + pid + " belongs to another user (uid " + uid
                    + "): run the CLI as that user, or as root");
        }
    }

    private void checkIsJvm() throws TargetException {
        String maps;
        try {
            maps = new String(Files.readAllBytes(proc.resolve("maps")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TargetException("cannot read /proc/" + pid + "/maps to tell whether it is a JVM: " + e.getMessage(), e);
        }
        if (!maps.contains("/libjvm.so")) {
            throw new TargetException("process " + pid + " is not a Java virtual machine (no libjvm.so in it)");
        }
        int at = maps.indexOf("/libjvm.so\n"); // not one replaced since ("/libjvm.so (deleted)")
        if (at >= 0) {
            libjvm = maps.substring(maps.lastIndexOf(' ', at) + 1, at + "/libjvm.so".length());
        }
    }

    /**
     * The target's Java feature release (17 for Java 17) from its runtime's release file, seen through the target's
     * own root (it may be in a container), or 0 if that cannot be read and the JVM must be asked.
     */
    int javaFeatureFromRelease() {
        if (libjvm == null || !libjvm.startsWith("/")) {
            return 0;
        }
        return JavaRelease.featureOf(proc.resolve("root").resolve(libjvm.substring(1)));
    }

    private String options() {
        return read("cmdline").replace('\0', ' ') + " " + read("environ").replace('\0', ' ');
    }
}
