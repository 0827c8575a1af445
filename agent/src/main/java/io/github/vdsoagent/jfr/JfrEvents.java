package io.github.vdsoagent.jfr;

import io.github.vdsoagent.host.LaunchOptions;
import io.github.vdsoagent.log.AgentLog;
import org.slf4j.Logger;

/**
 * A session's JFR events, as the agent sees them: listened for once (a set-up stage, or premain when the JVM's options
 * start a recording), restarted with a profile's window, closed with the session. This class names no JFR type, so
 * that a runtime without the jdk.jfr module loads it, says so in one info line, and goes on without events; only
 * {@link Registration} and the events do, and they are loaded only where the module is. See docs/jfr.md.
 */
public final class JfrEvents {
    private static final Logger log = AgentLog.get(JfrEvents.class);
    private static final String START_RECORDING = "-XX:StartFlightRecording";

    private final EventSource source;
    private Registration registration;
    private boolean closed;

    public JfrEvents(EventSource source) {
        this.source = source;
    }

    /** Whether this Java runtime has JFR at all: a jlinked image may leave the jdk.jfr module out. */
    public static boolean runtimeHasJfr() {
        return ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    }

    /**
     * Whether the JVM's options start a recording as it starts. JFR starts it right after premain: listening from
     * premain puts the events in it even if the JVM ends before the background set-up.
     */
    public static boolean recordingAtLaunch() {
        return LaunchOptions.anyStartsWith(START_RECORDING) && runtimeHasJfr();
    }

    /**
     * Closes the recording a profile's CLI started and can no longer stop (it has gone), discarding it: it would
     * otherwise run on, and at its backstop write into a directory that is gone. Never throws.
     */
    public static void closeRecording(String name) {
        if (!runtimeHasJfr()) {
            return;
        }
        try {
            if (NamedRecording.close(name)) {
                log.info("closed the JFR recording {} of a profile whose CLI has gone", name);
            }
        } catch (RuntimeException | LinkageError e) {
            log.debug("could not close the JFR recording " + name, e);
        }
    }

    /** Listens for JFR; registers the events now if it is initialized, else when it is. Once; never throws. */
    public void listen() {
        if (!runtimeHasJfr()) {
            log.info("no JFR events: this Java runtime has no jdk.jfr module");
            return;
        }
        Registration listening;
        synchronized (this) {
            if (closed || registration != null) {
                return;
            }
            listening = new Registration(source);
            registration = listening;
        }
        try {
            listening.listen();
        } catch (RuntimeException | LinkageError e) {
            log.warn("could not listen for JFR recordings: {}", e.toString());
        }
    }

    /** The session's window starts afresh (a profile): so do the TimeCalls events. */
    public void restart() {
        Registration current;
        synchronized (this) {
            current = registration;
        }
        if (current != null) {
            current.restart();
        }
    }

    /** The session ends: its last events are written, its hooks removed and its event types unregistered. */
    public void close() {
        Registration current;
        synchronized (this) {
            closed = true;
            current = registration;
            registration = null;
        }
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException | LinkageError e) {
                log.debug("JFR: could not close the session's events", e);
            }
        }
    }
}
