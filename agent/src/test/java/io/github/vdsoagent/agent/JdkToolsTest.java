package io.github.vdsoagent.agent;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which JVMs the agent stays out of when JAVA_TOOL_OPTIONS starts it everywhere. */
class JdkToolsTest {
    @ParameterizedTest(name = "{0} [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "sun.tools.jcmd.JCmd 1234 VM.version | jdk.jcmd | true",
            "sun.tools.jps.Jps -l                | -         | true",
            "com.sun.tools.javac.Main Foo.java  | -         | true",
            "jdk.jshell/jdk.internal.jshell.tool.JShellToolProvider | - | true",
            "/opt/tools/vdso-agent.jar list      | -         | true",
            "vdso-agent-0.1.0.jar\tattach 42     | -         | true",
            "io.github.vdsoagent.launcher.AgentLauncher | - | true",
            "/opt/vdso-agent/app.jar             | -         | false",
            "myvdso-agent.jar                    | -         | false",
            "com.acme.Server --port 8080         | -         | false",
            "app.jar                             | com.acme  | false",
            "''                                  | -         | false",
            "/home/u/My\u3000Apps/vdso-agent.jar list | - | true",
            "/x\u0085y/vdso-agent.jar            | -         | true",
    })
    void tellsTheJdksToolsAndTheAgentsOwnCliFromApplications(String command, String mainModule, boolean isTool) {
        assertEquals(isTool, JdkTools.isOne(command, mainModule));
    }
}
