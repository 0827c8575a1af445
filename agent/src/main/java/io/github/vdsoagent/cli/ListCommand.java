package io.github.vdsoagent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.github.vdsoagent.agent.StatusFile;
import io.github.vdsoagent.attach.AgentChannel;
import io.github.vdsoagent.attach.TargetException;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code list}: the JVMs this user can see, with vdso-agent's state in each. Two sources: the JVMs' own
 * performance-data files (what jps reads) and the agent's status files, so that a JVM started with
 * -XX:+PerfDisableSharedMem still shows up once the agent runs in it. Any pid works elsewhere, listed or not.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        header = "Lists the JVMs this user can see and whether the agent is loaded there.",
        description = "Lists the JVMs this user can see: pid, main class or jar, and vdso-agent's state there"
            + " (active, detached, or -). A JVM started with -XX:+PerfDisableSharedMem is not listed, but every"
            + " command accepts its pid.")
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
        jvms.forEach((pid, main) -> {
            Properties status = StatusFile.read(pid);
            String state = status == null ? "-" : status.getProperty("state", "?");
            String since = status == null || !"active".equals(state) ? "" : status.getProperty("since", "");
            out.printf("%-8d %-10s %-26s %s%n", pid, state, since, main.isEmpty() ? "(unknown)" : main);
        });
        out.flush();
        return Cli.OK;
    }

    private static void addJvmsWithStatusOnly(Map<Long, String> jvms) {
        Path dir = StatusFile.directory();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches("[0-9]+\\.properties"))
                    .map(name -> Long.parseLong(name.substring(0, name.indexOf('.'))))
                    .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .forEach(pid -> jvms.putIfAbsent(pid, ProcessHandle.of(pid)
                            .flatMap(p -> p.info().commandLine()).orElse("")));
        } catch (IOException | RuntimeException e) {
            // the status files are an addition; the JVMs' own list stands without them
        }
    }
}
