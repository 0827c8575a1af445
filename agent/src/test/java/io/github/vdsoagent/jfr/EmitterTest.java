package io.github.vdsoagent.jfr;

import io.github.vdsoagent.kernel.ClockCheck;
import io.github.vdsoagent.kernel.Verdict;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.vocabulary.ClockId;
import io.github.vdsoagent.vocabulary.TimeApi;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The events' fields as the emitter fills them, in a real recording of this JVM's, read back with RecordingFile. */
class EmitterTest {
    private final SiteRegistry sites = new SiteRegistry();
    private final CallSite loop = sites.register(1, "com.acme.Loop", "spin", "()V", 0, "Loop.java", 12,
            TimeApi.NANO_TIME);
    private final CallSite cpu = sites.register(1, "com.acme.Meter", "cpu", "()J", 0, "Meter.java", 30,
            TimeApi.THREAD_CPU_TIME);
    private final Source source = new Source();

    @BeforeEach
    void register() {
        for (Class<? extends jdk.jfr.Event> type : List.of(TimeCallsEvent.class, ClockVerdictEvent.class,
                SessionEvent.class)) {
            FlightRecorder.register(type);
        }
    }

    @AfterEach
    void unregister() {
        for (Class<? extends jdk.jfr.Event> type : List.of(TimeCallsEvent.class, ClockVerdictEvent.class,
                SessionEvent.class)) {
            FlightRecorder.unregister(type);
        }
    }

    @Test
    void eachSiteCalledSinceItsLastEventGetsOneWithTheSplitOfItsClocksVerdict(@TempDir Path dir) throws Exception {
        Emitter emitter = new Emitter(source, new long[]{0, 0});
        List<RecordedEvent> events = recorded(dir, () -> {
            source.counts = new long[]{1000, 40};
            emitter.timeCalls();
            source.counts = new long[]{1500, 40};
            emitter.timeCalls();
            emitter.timeCalls();
        });
        List<String> seen = new ArrayList<>();
        for (RecordedEvent event : events) {
            seen.add(event.getString("className") + "." + event.getString("methodName") + ":"
                    + event.getInt("lineNumber") + " " + event.getString("api") + " " + event.getString("clock") + " "
                    + event.getLong("calls") + " avoided " + event.getLong("avoidedKernel") + " entered "
                    + event.getLong("enteredKernel"));
        }
        assertEquals(List.of(
                "com.acme.Loop.spin:12 java.lang.System.nanoTime CLOCK_MONOTONIC 1000 avoided 1000 entered 0",
                "com.acme.Meter.cpu:30 java.lang.management.ThreadMXBean.getCurrentThreadCpuTime"
                        + " CLOCK_THREAD_CPUTIME_ID 40 avoided 0 entered 40",
                "com.acme.Loop.spin:12 java.lang.System.nanoTime CLOCK_MONOTONIC 500 avoided 500 entered 0"), seen);
    }

    @Test
    void theLastEventsOfASessionThatEndsAreItsLast(@TempDir Path dir) throws Exception {
        Emitter emitter = new Emitter(source, new long[]{0, 0});
        List<RecordedEvent> events = recorded(dir, () -> {
            source.counts = new long[]{7, 0};
            emitter.closeWithLastEvents();
            source.counts = new long[]{9, 0};
            emitter.timeCalls();
            emitter.session();
        });
        assertEquals(4, events.size(), "TimeCalls, Session, a ClockVerdict per clock: " + events);
        assertEquals(7, events.get(0).getLong("calls"));
        RecordedEvent session = events.get(1);
        assertEquals("vdsoagent.Session", session.getEventType().getName());
        assertEquals("ffm", session.getString("backend"));
        assertEquals("tsc", session.getString("clocksource"));
        assertEquals(0x7ff0_0000_0000L, session.getLong("vdsoBase"));
        assertEquals("clock=vdso", session.getString("options"));
        assertEquals(2, session.getInt("sites"));
    }

    @Test
    void clockVerdictsCarryTheTimingsOrNaN(@TempDir Path dir) throws Exception {
        Emitter emitter = new Emitter(source, new long[]{0, 0});
        List<RecordedEvent> events = recorded(dir, emitter::clockVerdicts);
        assertEquals(2, events.size());
        assertEquals("CLOCK_MONOTONIC vdso measured 21.5 150.0", verdict(events.get(0)));
        assertEquals("CLOCK_THREAD_CPUTIME_ID kernel inferred NaN NaN", verdict(events.get(1)));
    }

    @Test
    void aStackSampleIsATimeCallSampleWithTheSamplingThreadsStack(@TempDir Path dir) throws Exception {
        FlightRecorder.register(TimeCallSampleEvent.class);
        Path file = dir.resolve("samples.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("vdsoagent.TimeCallSample").withStackTrace();
            recording.start();
            new SampleEvents(source).sampled(loop.id(), new String[]{"com.acme.Loop.spin"});
            new SampleEvents(source).sampled(99, new String[]{"a site not registered: no event"});
            recording.stop();
            recording.dump(file);
        } finally {
            FlightRecorder.unregister(TimeCallSampleEvent.class);
        }
        List<RecordedEvent> samples = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (event.getEventType().getName().equals("vdsoagent.TimeCallSample")) {
                samples.add(event);
            }
        }
        assertEquals(1, samples.size(), samples::toString);
        RecordedEvent sample = samples.get(0);
        assertEquals("java.lang.System.nanoTime CLOCK_MONOTONIC com.acme.Loop.spin:12", sample.getString("api") + " "
                + sample.getString("clock") + " " + sample.getString("className") + "."
                + sample.getString("methodName") + ":" + sample.getInt("lineNumber"));
        assertTrue(sample.getStackTrace().getFrames().stream().anyMatch(frame -> frame.getMethod().getName()
                .equals("aStackSampleIsATimeCallSampleWithTheSamplingThreadsStack")), "the sampling thread's stack");
    }

    @Test
    void noRecordingNoSampleEventIsFilled() {
        FakeSite counting = new FakeSite();
        new SampleEvents(counting).sampled(loop.id(), new String[0]);
        assertEquals(0, counting.asked, "with no recording enabling the event, the site is not even looked up");
    }

    /** A source that counts how often a site is looked up. */
    private final class FakeSite extends Source {
        int asked;

        @Override
        public CallSite site(int id) {
            asked++;
            return super.site(id);
        }
    }

    private static String verdict(RecordedEvent event) {
        return event.getString("clock") + " " + event.getString("verdict") + " " + event.getString("evidence") + " "
                + event.getDouble("vdsoNs") + " " + event.getDouble("syscallNs");
    }

    /** What {@code emitting} commits while a recording of the agent's event types runs. */
    private static List<RecordedEvent> recorded(Path dir, Runnable emitting) throws Exception {
        Path file = dir.resolve("events.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("vdsoagent.*");
            recording.start();
            emitting.run();
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> ours = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (event.getEventType().getName().startsWith("vdsoagent.")) {
                ours.add(event);
            }
        }
        assertTrue(ours.stream().allMatch(e -> e.getStackTrace() == null), "no stack traces on periodic events");
        return ours;
    }

    private class Source implements EventSource {
        long[] counts = {0, 0};

        @Override
        public long[] counts() {
            return counts;
        }

        @Override
        public long[] windowStart() {
            return new long[]{0, 0};
        }

        @Override
        public List<CallSite> sites() {
            return sites.sites();
        }

        @Override
        public CallSite site(int id) {
            return id < sites.size() ? sites.sites().get(id) : null;
        }

        @Override
        public Verdicts verdicts() {
            return new Verdicts() {
                @Override
                public Verdict of(TimeApi api) {
                    return api.clock() == ClockId.CLOCK_MONOTONIC ? Verdict.measured(10, 0, "probe")
                            : Verdict.inferred(Verdict.Path.KERNEL, "always");
                }

                @Override
                public List<ClockCheck> clocks() {
                    return List.of(new ClockCheck(ClockId.CLOCK_MONOTONIC, Verdict.measured(10, 0, "probe"), null, 21.5,
                            150.0), new ClockCheck(ClockId.CLOCK_THREAD_CPUTIME_ID,
                            Verdict.inferred(Verdict.Path.KERNEL, "always"), null, null, null));
                }
            };
        }

        @Override
        public Facts facts() {
            return new Facts("ffm", "tsc", 0x7ff0_0000_0000L, "clock=vdso", sites.size());
        }
    }
}
