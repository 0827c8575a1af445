package io.github.vdsoagent.jfr;

import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

/** A recording of this JVM's found by name, as the CLI's diagnostic command named it; loaded only where JFR is. */
final class NamedRecording {
    private NamedRecording() {
    }

    /** Closes the recording so named, if there is one, discarding its data; returns whether there was. */
    static boolean close(String name) {
        if (!FlightRecorder.isInitialized()) {
            return false; // no recording was ever started: nothing to find, and nothing set up to look
        }
        for (Recording recording : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (name.equals(recording.getName())) {
                recording.close();
                return true;
            }
        }
        return false;
    }
}
