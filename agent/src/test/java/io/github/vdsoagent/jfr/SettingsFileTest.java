package io.github.vdsoagent.jfr;

import jdk.jfr.Configuration;
import jdk.jfr.Enabled;
import jdk.jfr.Name;
import jdk.jfr.Period;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** vdso-agent.jfc, in the jar and in docs, as JFR reads it: the same file, and the events' own defaults. */
class SettingsFileTest {
    private static final String RESOURCE = "/io/github/vdsoagent/jfr/vdso-agent.jfc";
    private static final List<Class<? extends jdk.jfr.Event>> EVENTS = List.of(TimeCallsEvent.class,
            ChunkEndEvent.class, ClockVerdictEvent.class, SessionEvent.class, TimeCallSampleEvent.class);

    @Test
    void theDocsCopyIsTheJarsFile() throws IOException {
        try (InputStream jar = SettingsFileTest.class.getResourceAsStream(RESOURCE)) {
            assertArrayEquals(jar.readAllBytes(), Files.readAllBytes(Paths.get("../docs/vdso-agent.jfc")),
                    "docs/vdso-agent.jfc and agent/src/main/resources" + RESOURCE + " differ");
        }
    }

    @Test
    void itEnablesEveryEventWithItsOwnDefaults() throws IOException, ParseException {
        Map<String, String> settings = new TreeMap<>(Configuration.create(Paths.get("../docs/vdso-agent.jfc"))
                .getSettings());
        Map<String, String> defaults = new TreeMap<>();
        for (Class<? extends jdk.jfr.Event> type : EVENTS) {
            String name = type.getAnnotation(Name.class).value();
            Enabled enabled = type.getAnnotation(Enabled.class);
            defaults.put(name + "#enabled", Boolean.toString(enabled == null || enabled.value()));
            Period period = type.getAnnotation(Period.class);
            if (period != null) {
                defaults.put(name + "#period", period.value());
            }
        }
        defaults.put("vdsoagent.TimeCallSample#stackTrace", "true");
        assertEquals(defaults, settings);
    }
}
