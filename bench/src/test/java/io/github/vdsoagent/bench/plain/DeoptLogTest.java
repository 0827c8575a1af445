package io.github.vdsoagent.bench.plain;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeoptLogTest {
    private static List<DeoptLog.Event> sample() throws IOException, URISyntaxException {
        return DeoptLog.read(Paths.get(DeoptLogTest.class.getResource("compilation-log.xml").toURI()));
    }

    @Test
    void readsEveryRunTimeTrapAndDeoptimizedFrameButNotTheCompilersOwnList() throws Exception {
        List<DeoptLog.Event> events = sample();

        // 5 traps, 1 deoptimized frame, 1 C2 method made not entrant without a trap; the compiler's trap list is not read
        assertEquals(7, events.size());
        DeoptLog.Event backendSwitch = events.get(3);
        assertEquals("trap", backendSwitch.kind());
        assertEquals("unstable_if", backendSwitch.reason());
        assertEquals("321", backendSwitch.compileId());
        assertEquals("osr", backendSwitch.compileKind());
        assertEquals(1.445, backendSwitch.stampSeconds());
        assertEquals(List.of("io.github.vdsoagent.boot.ClockBackend.read@6", "io.github.vdsoagent.boot.ClockStub.nanoTime@1",
                "io.github.vdsoagent.bench.plain.MainLoop.main@89"), backendSwitch.frames());
    }

    @Test
    void aDeoptimizedFrameTakesTheLastTimeTheLogGaveBeforeIt() throws Exception {
        DeoptLog.Event frame = sample().get(1);

        assertEquals("deopt", frame.kind());
        assertEquals("c1", frame.compiler());
        assertEquals(0.438, frame.stampSeconds()); // compile 319's nmethod line, the last with a stamp
    }

    @Test
    void aMethodMadeNotEntrantWithoutATrapIsNamedFromItsCompilation() throws Exception {
        DeoptLog.Event invalidated = sample().get(6);

        assertEquals("invalidated", invalidated.kind());
        assertEquals(List.of("io.github.vdsoagent.bench.plain.HotMethod.nanoTimes"), invalidated.frames());
        assertEquals(2.5, invalidated.stampSeconds());
    }

    @Test
    void keepsOnlyEventsWithAFrameInTheGivenPackages() throws Exception {
        List<DeoptLog.Event> ours = DeoptLog.ours(sample(), List.of("io.github.vdsoagent."));

        assertEquals(6, ours.size()); // all but String.equals's null check
        assertEquals(3, DeoptLog.ours(sample(), List.of("io.github.vdsoagent.boot.")).size());
    }

    @Test
    void namesAMethodAsClassDotName() {
        assertEquals("java.lang.String.equals", DeoptLog.frame("java.lang.String equals (Ljava/lang/Object;)Z"));
        assertEquals("?", DeoptLog.frame(null));
    }
}
