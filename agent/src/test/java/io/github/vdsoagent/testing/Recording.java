package io.github.vdsoagent.testing;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A JFR recording file read as a user's tool reads it, with jdk.jfr.consumer.RecordingFile. */
public final class Recording {
    public final List<RecordedEvent> events;

    private Recording(List<RecordedEvent> events) {
        this.events = events;
    }

    public static Recording read(Path file) throws IOException {
        return new Recording(RecordingFile.readAllEvents(file));
    }

    /** The events of one type, by name (vdsoagent.TimeCalls, ...). */
    public List<RecordedEvent> of(String type) {
        List<RecordedEvent> found = new ArrayList<>();
        for (RecordedEvent event : events) {
            if (event.getEventType().getName().equals(type)) {
                found.add(event);
            }
        }
        return found;
    }

    /** The TimeCalls events' calls summed per site, keyed {@code class.method:line api}. */
    public Map<String, Long> callsPerSite() {
        Map<String, Long> sums = new TreeMap<>();
        for (RecordedEvent event : of("vdsoagent.TimeCalls")) {
            sums.merge(siteKey(event.getString("className"), event.getString("methodName"), event.getInt("lineNumber"),
                    event.getString("api")), event.getLong("calls"), Long::sum);
        }
        return sums;
    }

    /** The TimeCalls events' calls at one method, all its sites. */
    public long callsIn(String className, String methodName) {
        long calls = 0;
        for (RecordedEvent event : of("vdsoagent.TimeCalls")) {
            if (event.getString("className").equals(className) && event.getString("methodName").equals(methodName)) {
                calls += event.getLong("calls");
            }
        }
        return calls;
    }

    /** The key {@link #callsPerSite} uses, for a report's site row. */
    public static String siteKey(String className, String method, int line, String api) {
        return className + "." + method + ":" + line + " " + api;
    }
}
