package io.github.vdsoagent.architecture;

import io.github.vdsoagent.options.AgentOption;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The options the docs list are the options the code defines, with the same values, defaults and summaries. */
class OptionsDocTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\| (.*?) \\| (.*?) \\| (.*?) \\|$");
    private static final Pattern README_ITEM = Pattern.compile("^- `(\\w+)`(?:, `(\\w+)`)?:");

    @Test
    void docsOptionsTableIsTheDefinition() throws IOException {
        List<String> documented = new ArrayList<>();
        for (String line : Files.readAllLines(Paths.get("../docs/options.md"), StandardCharsets.UTF_8)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                documented.add(String.join(" | ", m.group(1), m.group(2), m.group(3), m.group(4)));
            }
        }
        List<String> defined = new ArrayList<>();
        for (AgentOption option : AgentOption.values()) {
            defined.add(String.join(" | ", option.key(), option.allowed(), option.defaultText(), option.summary()));
        }
        assertEquals(defined, documented, "docs/options.md's table and options/AgentOption, row by row");
    }

    @Test
    void theReadmeNamesEveryOptionInOrder() throws IOException {
        List<String> named = new ArrayList<>();
        boolean inOptions = false;
        for (String line : Files.readAllLines(Paths.get("../README.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                inOptions = line.equals("## Options");
            }
            Matcher m = README_ITEM.matcher(line);
            if (!inOptions) {
                continue;
            }
            if (m.find()) {
                named.add(m.group(1));
                if (m.group(2) != null) {
                    named.add(m.group(2));
                }
            }
        }
        List<String> defined = new ArrayList<>();
        for (AgentOption option : AgentOption.values()) {
            defined.add(option.key());
        }
        assertEquals(defined, named, "the README's option list and options/AgentOption");
    }
}
