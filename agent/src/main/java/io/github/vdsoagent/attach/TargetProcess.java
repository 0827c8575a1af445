package io.github.vdsoagent.attach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * What /proc says about a pid before the CLI tries to attach: that it runs, that it is this user's, that it is a
 * HotSpot JVM, that it accepts attaching. The attach mechanism signals its target with SIGQUIT, which kills a
 * process that is not a JVM, so nothing is attempted until /proc shows libjvm in the process.
 */
public final class TargetProcess {
    private final long pid;
    private final Path proc;
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
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) || !Files.isDirectory(target.proc)) {
            throw new TargetException("no process " + pid + " is running");
        }
        target.checkOwner();
        target.checkIsJvm();
        if (target.options().contains("-XX:+DisableAttachMechanism")) {
            throw new TargetException("JVM " + pid + " runs with -XX:+DisableAttachMechanism: it cannot be attached to");
        }
        return target;
    }

    public long pid() {
        return pid;
    }

    public boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Whether the JVM's options (command line, JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS) contain {@code flag}. */
    public boolean hasOption(String flag) {
        return options().contains(flag);
    }

    private void checkOwner() throws TargetException {
        try {
            int owner = (Integer) Files.getAttribute(proc, "unix:uid");
            int self = (Integer) Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
            if (owner != self && self != 0) {
                throw new TargetException("process " + pid + " belongs to another user (uid " + owner
                        + "): run the CLI as that user");
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new TargetException("cannot read /proc/" + pid + ": " + e.getMessage(), e);
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
        StringBuilder all = new StringBuilder();
        for (String file : List.of("cmdline", "environ")) {
            try {
                all.append(new String(Files.readAllBytes(proc.resolve(file)), StandardCharsets.UTF_8).replace('\0', ' '));
            } catch (IOException e) {
                // unreadable: treated as no options
            }
        }
        return all.toString();
    }
}
