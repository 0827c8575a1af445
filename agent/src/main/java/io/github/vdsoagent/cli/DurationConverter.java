package io.github.vdsoagent.cli;

import io.github.vdsoagent.text.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** DURATION arguments, as in the agent options: 500ms, 30s, 5m, 1h. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
