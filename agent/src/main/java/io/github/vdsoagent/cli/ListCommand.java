package io.github.vdsoagent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.github.vdsoagent.attach.AgentChannel;
import io.github.vdsoagent.attach.TargetException;
import io.github.vdsoagent.attach.TargetProcess;
import io.github.vdsoagent.protocol.AgentDirectory;
import io.github.vdsoagent.protocol.StatusFile;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code list}: the JVMs this user can see, with vdso-agent's state in each. Two sources: the JVMs' own
 * performance-data files (what jps reads) and the agent's status files, so that a JVM started with
 * -XX:+PerfDisableSharedMem still shows up once the agent runs in it. A status is believed only for the process
 * that wrote it (pid and start time); one left by a JVM killed with SIGKILL is removed.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        header = "Lists the JVMs this user can see and whether the agent is loaded there.",
        description = "Lists the JVMs this user can see: pid, main class or jar, and vdso-agent's state there"
            + " (active, detached, or -). A JVM started with -XX:+PerfDisableSharedMem is listed once the agent"
            + " runs in it; every command accepts its pid either way.")
final class ListCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws TargetException {
        AgentChannel.requireAttachModule();
        Map<Long, String> jvms = new TreeMap<>();
        for (VirtualMachineDescriptor vm : VirtualMachine.list()) {
            jvms.put(Long.parseLong(vm.id()), vm.displayName());
        }
        addJvmsWithStatusOnly(jvms);
        jvms.remove(ProcessHandle.current().pid());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-8s %-10s %-26s %s%n", "PID", "AGENT", "SINCE", "MAIN");
        for (Map.Entry<Long, String> jvm : jvms.entrySet()) {
            TargetProcess process = TargetProcess.peek(jvm.getKey());
            StatusFile.Status status = process == null ? null
                    : StatusFile.read(process.agentDirectory(), process.identity());
            String state = status == null ? "-" : status.state();
            String since = status == null || !StatusFile.ACTIVE.equals(state) ? "" : status.since();
            out.printf("%-8d %-10s %-26s %s%n", jvm.getKey(), state, since,
                    jvm.getValue().isEmpty() ? "(unknown)" : jvm.getValue());
        }
        out.flush();
        return Cli.OK;
    }

    /** The JVMs of this user's directory that announce themselves, and the stale announcements removed. */
    private static void addJvmsWithStatusOnly(Map<Long, String> jvms) {
        AgentDirectory own = AgentDirectory.ofThisProcess();
        if (own == null || !own.isPrivate()) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(own.path(), "*.properties")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                long pid = Long.parseLong(name.substring(0, name.indexOf('.')));
                if (StatusFile.isStale(own, pid)) {
                    StatusFile.removeStale(own, pid);
                } else {
                    jvms.putIfAbsent(pid, ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse(""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the status files are an addition; the JVMs' own list stands without them
        }
    }
}
