package io.github.vdsoagent.cli;

import io.github.vdsoagent.options.AgentOptions.Format;
import picocli.CommandLine;

import java.util.Locale;

/** text or json, in any case; anything else is a usage error. */
final class FormatConverter implements CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
        try {
            return Format.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a format: use text or json");
        }
    }
}
