package io.github.vdsoagent.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes key/value pairs that {@link java.util.Properties#load} reads back, without the date comment that
 * Properties.store adds: formatting that date initializes the JDK's time-zone names and locale data, tens of
 * milliseconds the agent would add to its host's start-up.
 */
public final class PropertiesText {
    private PropertiesText() {
    }

    public static byte[] of(Map<String, String> entries) {
        StringBuilder text = new StringBuilder();
        entries.forEach((key, value) -> text.append(escape(key, true)).append('=').append(escape(value, false)).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s, boolean key) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '=':
                case ':':
                case '#':
                case '!':
                case ' ':
                    if (key || (c == ' ' && i == 0)) {
                        out.append('\\');
                    }
                    out.append(c);
                    break;
                default:
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.toString();
    }
}
