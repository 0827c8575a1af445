package io.github.vdsoagent.cli;

import io.github.vdsoagent.vocabulary.ReportFormat;
import picocli.CommandLine;

import java.util.Locale;

/** text, json, collapsed or html, in any case; anything else is a usage error. */
final class FormatConverter implements CommandLine.ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
        try {
            return ReportFormat.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a format: use text, json, collapsed or html");
        }
    }
}
