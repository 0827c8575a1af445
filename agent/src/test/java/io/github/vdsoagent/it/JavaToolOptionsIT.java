package io.github.vdsoagent.it;

import io.github.vdsoagent.testing.JavaProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** An agent set for every JVM through JAVA_TOOL_OPTIONS stays out of the JDK's tools and of its own CLI. */
class JavaToolOptionsIT {

    @Test
    void jdkToolsAndTheCliRunWithoutTheAgent() {
        String toolOptions = "-javaagent:" + JavaProcess.agentJar();
        Path bin = JavaProcess.java().getParent();
        for (List<String> command : List.of(
                List.of(bin.resolve("jps").toString(), "-l"),
                List.of(bin.resolve("jcmd").toString(), "-l"),
                List.of(JavaProcess.java().toString(), "-jar", JavaProcess.agentJar().toString(), "--version"))) {
            JavaProcess p = JavaProcess.exec(command, 60, Map.of("JAVA_TOOL_OPTIONS", toolOptions));
            assertEquals(0, p.exitCode, p::toString);
            assertFalse(p.stderr.contains("vdso-agent report") || p.stdout.contains("vdso-agent report"), p.toString());
        }
    }
}
