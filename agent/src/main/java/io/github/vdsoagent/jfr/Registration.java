package io.github.vdsoagent.jfr;

import io.github.vdsoagent.boot.StackSampler;
import io.github.vdsoagent.log.AgentLog;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import org.slf4j.Logger;

import java.util.List;

/**
 * A session's events in JFR: a listener that registers the event types and their periodic hooks once JFR is
 * initialized (at once, if it is), counts afresh when a recording starts with none running before it, and at
 * {@link #close} writes the last events and takes it all back out. The only class besides the events that names JFR's
 * types, loaded only where the jdk.jfr module is. Nothing here throws into JFR or the application.
 */
final class Registration implements FlightRecorderListener {
    private static final Logger log = AgentLog.get(Registration.class);
    private static final List<Class<? extends Event>> EVENTS = List.of(TimeCallsEvent.class, ClockVerdictEvent.class,
            SessionEvent.class, TimeCallSampleEvent.class, ChunkEndEvent.class);

    private final EventSource source;
    private final Emitter emitter;
    private final Hook timeCalls = new Hook(Hook.TIME_CALLS);
    private final Hook chunkEnd = new Hook(Hook.TIME_CALLS);
    private final Hook verdicts = new Hook(Hook.VERDICTS);
    private final Hook session = new Hook(Hook.SESSION);
    /** Held while the types are registered or removed, never while calling JFR's listener methods. */
    private final Object work = new Object();
    private boolean registered;
    private boolean closed;

    Registration(EventSource source) {
        this.source = source;
        this.emitter = new Emitter(source, source.windowStart());
    }

    /** Starts listening; registers the events now if JFR is initialized. */
    void listen() {
        FlightRecorder.addListener(this);
    }

    @Override
    public void recorderInitialized(FlightRecorder recorder) {
        synchronized (work) {
            if (registered || closed) {
                return;
            }
            long begin = System.nanoTime();
            try {
                for (Class<? extends Event> type : EVENTS) {
                    FlightRecorder.register(type);
                }
                FlightRecorder.addPeriodicEvent(TimeCallsEvent.class, timeCalls);
                FlightRecorder.addPeriodicEvent(ChunkEndEvent.class, chunkEnd);
                FlightRecorder.addPeriodicEvent(ClockVerdictEvent.class, verdicts);
                FlightRecorder.addPeriodicEvent(SessionEvent.class, session);
                StackSampler.listen(new SampleEvents(source));
                registered = true;
                log.info("JFR events registered in {} ms: vdsoagent.TimeCalls, ClockVerdict, Session, TimeCallSample",
                        (System.nanoTime() - begin) / 1_000_000);
            } catch (RuntimeException | LinkageError e) {
                log.warn("could not register the agent's JFR events: {}", e.toString());
                removeAll();
                return;
            }
        }
        emitter.firstEvents();
    }

    @Override
    public void recordingStateChanged(Recording recording) {
        try {
            if (recording.getState() == RecordingState.RUNNING && onlyOneRunning()) {
                emitter.restartFrom(source.counts()); // the calls before it are no recording's
            }
        } catch (RuntimeException e) {
            log.debug("JFR: a recording's start was not noted", e);
        }
    }

    private static boolean onlyOneRunning() {
        int running = 0;
        for (Recording recording : FlightRecorder.getFlightRecorder().getRecordings()) {
            running += recording.getState() == RecordingState.RUNNING ? 1 : 0;
        }
        return running == 1;
    }

    /** A profile's fresh window: the events count from the session's new start. */
    void restart() {
        emitter.restartFrom(source.windowStart());
    }

    /**
     * The session ends: its last events, then its hooks and event types out of JFR. The listener goes first, outside
     * the lock, since JFR calls {@link #recorderInitialized} holding its own.
     */
    void close() {
        try {
            FlightRecorder.removeListener(this);
        } catch (RuntimeException e) {
            log.debug("JFR: the listener could not be removed", e);
        }
        synchronized (work) {
            closed = true;
            if (!registered) {
                return;
            }
            try {
                emitter.closeWithLastEvents();
            } catch (RuntimeException | LinkageError e) {
                log.debug("JFR: the last events could not be written", e);
            }
            removeAll();
            registered = false;
        }
    }

    private void removeAll() {
        emitter.close();
        try {
            StackSampler.listen(null); // first: a sample must not commit an event whose type is going
        } catch (RuntimeException e) {
            log.debug("JFR: the sample listener could not be removed", e);
        }
        try {
            FlightRecorder.removePeriodicEvent(timeCalls);
            FlightRecorder.removePeriodicEvent(chunkEnd);
            FlightRecorder.removePeriodicEvent(verdicts);
            FlightRecorder.removePeriodicEvent(session);
            for (Class<? extends Event> type : EVENTS) {
                FlightRecorder.unregister(type);
            }
        } catch (RuntimeException e) {
            log.debug("JFR: the event types could not all be removed", e);
        }
    }

    /** A periodic hook, a class rather than a lambda; what it writes may not fail JFR's thread. */
    private final class Hook implements Runnable {
        static final int TIME_CALLS = 0;
        static final int VERDICTS = 1;
        static final int SESSION = 2;
        private final int writes;

        Hook(int writes) {
            this.writes = writes;
        }

        @Override
        public void run() {
            try {
                if (writes == TIME_CALLS) {
                    emitter.timeCalls();
                } else if (writes == VERDICTS) {
                    emitter.clockVerdicts();
                } else {
                    emitter.session();
                }
            } catch (RuntimeException | LinkageError e) {
                log.debug("JFR: a periodic hook failed", e);
            }
        }
    }
}
