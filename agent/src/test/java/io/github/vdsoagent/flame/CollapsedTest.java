package io.github.vdsoagent.flame;

import io.github.vdsoagent.vocabulary.TimeApi;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CollapsedTest {
    @Test
    void oneLinePerStackRootFirstTheApiAsLeafAndItsWeight() throws Exception {
        StringWriter out = new StringWriter();
        Collapsed.write(List.of(
                new WeightedStack(List.of("Main.main", "A.run:3"), TimeApi.NANO_TIME, 75, 0, 3),
                new WeightedStack(List.of("Odd;name", "B.run\n"), TimeApi.NEW_DATE, 25, 25, 1),
                new WeightedStack(List.of("C.never"), TimeApi.NANO_TIME, 0, 0, 0)), out);
        assertEquals("Main.main;A.run:3;java.lang.System.nanoTime 75\n"
                + "Odd_name;B.run_;new java.util.Date() 25\n", out.toString());
    }
}
