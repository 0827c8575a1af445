package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vdsoagent.fixtures.MainLoopApp;
import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an attach can and cannot change, said in the report: a method running when the agent attached keeps its old
 * code (its calls are not counted) and is named; classesScanned means every loaded class the agent examined, as it
 * does under -javaagent, not only those it rewrote.
 */
class RunningAtAttachIT {

    @Test
    void aMethodRunningAtAttachIsNamedAndTheClassesScannedAreAllTheLoadedOnes() throws Exception {
        try (TargetJvm target = TargetJvm.startMain(List.of(), MainLoopApp.class.getName())) {
            JavaProcess attach = Cli.inThisJvm("attach", target.pid());
            assertEquals(0, attach.exitCode, attach::toString);
            assertTrue(attach.stderr.contains("1 rewritten method(s) were running"), attach.stderr);
            target.run(25);
            JavaProcess report = Cli.inThisJvm("report", target.pid(), "--format", "json");
            assertEquals(0, report.exitCode, report::toString);
            JsonNode json = new ObjectMapper().readTree(report.stdout);
            List<String> running = new ArrayList<>();
            json.get("agent").get("runningAtAttach").forEach(m -> running.add(m.asText()));
            assertEquals(List.of(MainLoopApp.class.getName() + ".main"), running);
            assertEquals(25, AttachLifecycleIT.nanoTimeLoopCalls(json), "calls from rewritten code count");
            for (JsonNode site : json.get("sites")) {
                assertTrue(!site.get("method").asText().equals("main"), "main's running loop is not counted: " + site);
            }
            long scanned = json.get("agent").get("classesScanned").asLong();
            long rewritten = json.get("agent").get("classesRewritten").asLong();
            assertTrue(scanned > rewritten, "every loaded class the agent examined (NoTimeCalls too), not only the "
                    + rewritten + " it rewrote: " + scanned);
            JavaProcess text = Cli.inThisJvm("report", target.pid());
            assertTrue(text.stdout.contains("note: 1 rewritten method was running when the agent attached"),
                    text.stdout);
        }
    }
}
