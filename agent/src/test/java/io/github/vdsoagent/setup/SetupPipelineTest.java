package io.github.vdsoagent.setup;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The set-up: one thread, stages in order after the delay, one way to stop it, one sentence for what did not run. */
class SetupPipelineTest {

    /** A stage that notes its name when it runs, and may wait for the test. */
    private static final class Noting implements Stage {
        private final String name;
        private final List<String> ran;
        private final CountDownLatch release;

        Noting(String name, List<String> ran, CountDownLatch release) {
            this.name = name;
            this.ran = ran;
            this.release = release;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void run(SetupPipeline pipeline) throws Exception {
            ran.add(name);
            if (release != null) {
                assertTrue(release.await(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void stagesRunInOrderOnOneDaemonThreadAndAFailureIsTheStagesOwn() {
        List<String> ran = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        Stage failing = new Stage() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public void run(SetupPipeline pipeline) {
                threads.add(Thread.currentThread().getName() + (Thread.currentThread().isDaemon() ? " daemon" : ""));
                throw new IllegalStateException("broken on purpose");
            }
        };
        SetupPipeline pipeline = new SetupPipeline(Duration.ZERO, Duration.ZERO,
                List.of(new Noting("a", ran, null), failing, new Noting("b", ran, null)));
        pipeline.start();
        assertTrue(pipeline.awaitFinished(10_000));
        assertEquals(List.of("a", "b"), ran);
        assertEquals(List.of(SetupPipeline.THREAD_NAME + " daemon"), threads);
        assertEquals(SetupPipeline.State.DONE, pipeline.state());
        assertNull(pipeline.whyNotRun(), "every stage ran (one failed, which its own result says)");
    }

    @Test
    void abandonedBeforeItIsDueNoStageRunsAndTheReportSaysWhyInOneSentence() {
        List<String> ran = new CopyOnWriteArrayList<>();
        SetupPipeline pipeline = new SetupPipeline(Duration.ofSeconds(1), Duration.ofSeconds(60),
                List.of(new Noting("a", ran, null)));
        pipeline.start();
        assertTrue(pipeline.waitingReason().startsWith("not set up yet: the agent's set-up begins 1s after the"
                + " JVM's start (startdelay=1s;"), pipeline.waitingReason());
        pipeline.abandon();
        assertTrue(pipeline.awaitFinished(10_000), "abandoning wakes the waiting thread, which ends");
        assertEquals(List.of(), ran);
        assertEquals(SetupPipeline.State.ABANDONED, pipeline.state());
        assertEquals("the session ended before the agent's set-up was due, 1s after the JVM's start (startdelay=1s"
                + " spares a JVM that ends sooner its cost; startdelay=0 sets everything up with the agent)",
                pipeline.whyNotRun());
    }

    @Test
    void abandonedMidwayTheRunningStageEndsAndNoOtherStartsNorChangesAnything() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        boolean[] changed = new boolean[1];
        Stage switching = new Stage() {
            @Override
            public String name() {
                return "switching";
            }

            @Override
            public void run(SetupPipeline pipeline) {
                assertFalse(pipeline.unlessAbandoned(() -> changed[0] = true));
            }
        };
        SetupPipeline pipeline = new SetupPipeline(Duration.ZERO, Duration.ZERO,
                List.of(new Noting("slow", ran, release), switching, new Noting("after", ran, null)));
        pipeline.start();
        while (ran.isEmpty()) {
            Thread.sleep(1);
        }
        pipeline.abandon();
        release.countDown();
        assertTrue(pipeline.awaitFinished(10_000));
        assertEquals(List.of("slow"), ran);
        assertFalse(changed[0]);
        assertEquals("the session ended while the agent's set-up was under way", pipeline.whyNotRun());
    }

    @Test
    void aStageRunHereRunsOnTheCallersThreadBeforeTheOthers() {
        List<String> ran = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        Stage here = new Stage() {
            @Override
            public String name() {
                return "here";
            }

            @Override
            public void run(SetupPipeline pipeline) {
                threads.add(Thread.currentThread().getName());
            }
        };
        SetupPipeline pipeline = new SetupPipeline(Duration.ZERO, Duration.ZERO, List.of(new Noting("later", ran, null)));
        pipeline.runHere(here);
        assertEquals(List.of(Thread.currentThread().getName()), threads);
        assertEquals(List.of(), ran, "the pipeline's own stages wait for its start");
        pipeline.start();
        assertTrue(pipeline.awaitFinished(10_000));
        assertEquals(List.of("later"), ran);
    }
}
