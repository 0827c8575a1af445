package io.github.vdsoagent.sites;

import io.github.vdsoagent.vocabulary.TimeApi;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SiteRegistryTest {
    private final SiteRegistry registry = new SiteRegistry();

    private int id(int loader, String cls, String method, String descriptor, int instruction, TimeApi api) {
        return registry.idFor(loader, cls, method, descriptor, instruction, "A.java", 7, api);
    }

    @Test
    void aClassRewrittenAgainKeepsItsSitesIds() {
        // 40 sites: past the scan limit, so that lookups go through the class's index
        int[] first = new int[40];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < first.length; i++) {
                int id = id(1, "a.A", "m" + (i / 2), "()V", i % 2, TimeApi.NANO_TIME);
                if (round == 0) {
                    first[i] = id;
                } else {
                    assertEquals(first[i], id, "site " + i);
                }
            }
        }
        assertEquals(40, registry.size());
    }

    @Test
    void eachCoordinateTellsSitesApart() {
        int base = id(1, "a.A", "m", "()V", 0, TimeApi.NANO_TIME);
        assertNotEquals(base, id(2, "a.A", "m", "()V", 0, TimeApi.NANO_TIME), "loader");
        assertNotEquals(base, id(1, "a.B", "m", "()V", 0, TimeApi.NANO_TIME), "class");
        assertNotEquals(base, id(1, "a.A", "n", "()V", 0, TimeApi.NANO_TIME), "method");
        assertNotEquals(base, id(1, "a.A", "m", "(I)V", 0, TimeApi.NANO_TIME), "descriptor");
        assertNotEquals(base, id(1, "a.A", "m", "()V", 1, TimeApi.NANO_TIME), "instruction");
        assertEquals(6, registry.size());
    }

    @Test
    void aSiteWhoseApiChangedGetsANewIdAndLaterLookupsFindIt() {
        int nano = id(1, "a.A", "m", "()V", 0, TimeApi.NANO_TIME);
        int millis = id(1, "a.A", "m", "()V", 0, TimeApi.CURRENT_TIME_MILLIS);
        assertNotEquals(nano, millis);
        assertEquals(millis, id(1, "a.A", "m", "()V", 0, TimeApi.CURRENT_TIME_MILLIS));
    }

    @Test
    void sitesKeepTheirClassMethodSourceAndLineInIdOrder() {
        id(1, "a.A", "m\u00e9thode\u6642", "()V", 0, TimeApi.NANO_TIME);
        id(1, "a.A", "m\u00e9thode\u6642", "()V", 1, TimeApi.NANO_TIME);
        id(1, "a.A", "other", "()V", 0, TimeApi.NANO_TIME);
        List<CallSite> sites = registry.sites();
        assertEquals(3, sites.size());
        for (int i = 0; i < sites.size(); i++) {
            assertEquals(i, sites.get(i).id());
            assertEquals("a.A", sites.get(i).className());
            assertEquals("A.java", sites.get(i).sourceFile());
            assertEquals(7, sites.get(i).line());
        }
        assertEquals("m\u00e9thode\u6642", sites.get(0).methodName());
        assertEquals("m\u00e9thode\u6642", sites.get(1).methodName());
        assertEquals("other", sites.get(2).methodName());
    }
}
