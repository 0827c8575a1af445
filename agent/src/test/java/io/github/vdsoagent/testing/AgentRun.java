package io.github.vdsoagent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** A JVM run under the agent with a JSON report file, and that report read back with a real JSON parser. */
public final class AgentRun {
    public final JavaProcess process;
    public final JsonNode report;

    private AgentRun(JavaProcess process, JsonNode report) {
        this.process = process;
        this.report = report;
    }

    /**
     * @param reportFile where the agent writes its JSON report
     * @param options    more agent options, appended to report=...,format=json (may be empty)
     * @param jvmAndApp  JVM options and the application's class path, main class and arguments
     */
    public static AgentRun run(Path reportFile, String options, String... jvmAndApp) throws IOException {
        return run(List.of(), reportFile, options, jvmAndApp);
    }

    /** @param beforeAgent JVM options that must come before the agent's, such as another agent to start first */
    public static AgentRun run(List<String> beforeAgent, Path reportFile, String options, String... jvmAndApp)
            throws IOException {
        return read(JavaProcess.run(args(beforeAgent, reportFile, options, jvmAndApp)), reportFile);
    }

    /** {@link #run} in a JVM with the JDK's defaults, as users run theirs ({@link JavaProcess#runWithJdkDefaults}). */
    public static AgentRun runWithJdkDefaults(Path reportFile, String options, String... jvmAndApp)
            throws IOException {
        return read(JavaProcess.runWithJdkDefaults(args(List.of(), reportFile, options, jvmAndApp)), reportFile);
    }

    private static List<String> args(List<String> beforeAgent, Path reportFile, String options, String... jvmAndApp) {
        List<String> args = new ArrayList<>(beforeAgent);
        args.addAll(JavaProcess.withAgent("report=" + reportFile + ",format=json" + (options.isEmpty() ? "" : "," + options)));
        args.addAll(List.of(jvmAndApp));
        return args;
    }

    private static AgentRun read(JavaProcess process, Path reportFile) throws IOException {
        JsonNode report = Files.exists(reportFile) ? new ObjectMapper().readTree(reportFile.toFile()) : null;
        return new AgentRun(process, report);
    }

    /** The report's site rows. */
    public List<JsonNode> sites() {
        return StreamSupport.stream(report.get("sites").spliterator(), false).collect(Collectors.toList());
    }

    /** The report's API row named so, or null. */
    public JsonNode api(String name) {
        for (JsonNode row : report.get("apis")) {
            if (row.get("api").asText().equals(name)) {
                return row;
            }
        }
        return null;
    }

    public static String testClasses() {
        return Path.of(System.getProperty("vdsoagent.test.classes", "target/test-classes")).toAbsolutePath().toString();
    }
}
