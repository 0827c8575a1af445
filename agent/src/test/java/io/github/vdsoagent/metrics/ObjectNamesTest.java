package io.github.vdsoagent.metrics;

import io.github.vdsoagent.vocabulary.TimeApi;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ObjectNamesTest {
    @Test
    void apiNamesStandUnquoted() throws Exception {
        for (TimeApi api : TimeApi.values()) {
            ObjectName name = ObjectNames.timeCalls(api);
            assertEquals(api.apiName(), name.getKeyProperty("api"));
            assertFalse(name.isPattern(), name::toString);
        }
    }

    @Test
    void aValueJmxCannotTakeAsItIsIsQuotedAndReadsBack() throws Exception {
        SiteKey odd = new SiteKey("com.acme.Odd", "is it: a=b, c*", 3, TimeApi.NANO_TIME, "com.acme.Odd.x(Odd.kt:3)");
        ObjectName name = ObjectNames.site(odd);
        assertFalse(name.isPattern(), name::toString);
        assertEquals("is it: a=b, c*", ObjectName.unquote(name.getKeyProperty("method")));
        assertEquals("com.acme.Odd", name.getKeyProperty("class"));
        assertEquals("3", name.getKeyProperty("line"));
    }
}
