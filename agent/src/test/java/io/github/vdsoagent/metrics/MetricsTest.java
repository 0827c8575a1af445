package io.github.vdsoagent.metrics;

import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.vocabulary.TimeApi;
import org.junit.jupiter.api.Test;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The beans in an MBean server of the test's own (the platform one would set up java.util.logging). */
class MetricsTest {
    private static final String DOMAIN = "io.github.vdsoagent";

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final SiteRegistry sites = new SiteRegistry();
    private final Metrics metrics = new Metrics(0); // every read refreshes

    private Set<String> beans() throws Exception {
        Set<String> names = new TreeSet<>();
        for (ObjectName name : server.queryNames(new ObjectName(DOMAIN + ":*"), null)) {
            names.add(name.getCanonicalName());
        }
        return names;
    }

    private static ObjectName timeCalls(TimeApi api) throws Exception {
        return new ObjectName(DOMAIN + ":type=TimeCalls,api=" + api.apiName());
    }

    /** One bean per API as the application calls it; coarse twins count in their API's. */
    private static final long PRECISE_APIS = java.util.Arrays.stream(TimeApi.values()).filter(a -> !a.isCoarse())
            .count();

    @Test
    void anAgentBeanAndOneBeanPerApiEveryAttributeOpenData() throws Exception {
        FakeSource source = new FakeSource(sites);
        int nano = FakeSource.site(sites, "com.acme.A", "run", 10, TimeApi.NANO_TIME);
        int cpu = FakeSource.site(sites, "com.acme.A", "cpu", 11, TimeApi.THREAD_CPU_TIME);
        source.verdict(TimeApi.THREAD_CPU_TIME, FakeSource.KERNEL).calls(nano, 7).calls(cpu, 3);
        assertTrue(metrics.register(server, source, 0));

        assertEquals(1 + PRECISE_APIS, beans().size(), beans()::toString);
        for (TimeApi api : TimeApi.values()) {
            if (api.isCoarse()) {
                continue;
            }
            ObjectName name = timeCalls(api);
            assertEquals(api.apiName(), name.getKeyProperty("api"), "no API name needs quoting");
            assertOpen(name);
            assertEquals(api.clockLabel(), server.getAttribute(name, "Clock"));
        }
        assertEquals(7L, server.getAttribute(timeCalls(TimeApi.NANO_TIME), "Calls"));
        assertEquals(7L, server.getAttribute(timeCalls(TimeApi.NANO_TIME), "AvoidedKernel"));
        assertEquals(0L, server.getAttribute(timeCalls(TimeApi.NANO_TIME), "EnteredKernel"));
        assertEquals(3L, server.getAttribute(timeCalls(TimeApi.THREAD_CPU_TIME), "EnteredKernel"));
        assertEquals(0L, server.getAttribute(timeCalls(TimeApi.INSTANT_NOW), "Calls"));

        ObjectName agent = new ObjectName(DOMAIN + ":type=Agent");
        assertOpen(agent);
        assertEquals("jni", server.getAttribute(agent, "Backend"));
        assertEquals("vdso", server.getAttribute(agent, "Reads"));
        assertEquals("tsc", server.getAttribute(agent, "Clocksource"));
        assertEquals(2, server.getAttribute(agent, "Sites"));
        assertEquals(1234L, server.getAttribute(agent, "SessionStartTime"));
        CompositeData[] clocks = assertInstanceOf(CompositeData[].class, server.getAttribute(agent, "Clocks"));
        assertEquals("CLOCK_MONOTONIC", clocks[0].get("clock"));
        assertEquals("measured", clocks[0].get("evidence"));
        assertEquals(0.0, clocks[0].get("kernelFraction"));
    }

    /** A JMX client that has none of the agent's classes reads every attribute: each one's type is an open type. */
    private void assertOpen(ObjectName name) throws Exception {
        for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
            Object open = attribute.getDescriptor().getFieldValue("openType");
            assertInstanceOf(OpenType.class, open, name + " " + attribute.getName());
            if (open instanceof SimpleType) {
                assertTrue(((OpenType<?>) open).getClassName().startsWith("java.lang."), open::toString);
            }
        }
    }

    @Test
    void theFiguresOutliveTheBeansAndGoOnInTheNextSession() throws Exception {
        int nano = FakeSource.site(sites, "com.acme.A", "run", 10, TimeApi.NANO_TIME);
        FakeSource first = new FakeSource(sites).calls(nano, 100);
        metrics.register(server, first, 0);
        first.calls(nano, 120); // made before the session ended: its end takes them in
        metrics.unregister(first);
        assertEquals(Set.of(), beans(), "every bean goes with its session");

        FakeSource second = new FakeSource(sites).verdict(TimeApi.NANO_TIME, FakeSource.KERNEL).calls(nano, 120);
        metrics.register(server, second, 0);
        assertEquals(120L, server.getAttribute(timeCalls(TimeApi.NANO_TIME), "Calls"), "not reset, not doubled");
        second.calls(nano, 150);
        assertEquals(150L, server.getAttribute(timeCalls(TimeApi.NANO_TIME), "Calls"));
        assertEquals(120L, server.getAttribute(timeCalls(TimeApi.NANO_TIME), "AvoidedKernel"));
        assertEquals(30L, server.getAttribute(timeCalls(TimeApi.NANO_TIME), "EnteredKernel"));
    }

    @Test
    void aStoppedSessionRegistersNothingAndAnotherSessionsEndUnregistersNothing() throws Exception {
        FakeSource stopped = new FakeSource(sites);
        stopped.stopped = true;
        assertFalse(metrics.register(server, stopped, 0));
        assertEquals(Set.of(), beans());

        FakeSource current = new FakeSource(sites);
        metrics.register(server, current, 0);
        metrics.unregister(stopped);
        assertEquals(1 + PRECISE_APIS, beans().size());
    }

    @Test
    void aBeanLeftUnderTheNameIsReplaced() throws Exception {
        server.registerMBean(new javax.management.StandardMBean(new AgentBean(new Metrics()), AgentMXBean.class, true),
                new ObjectName(DOMAIN + ":type=Agent"));
        assertTrue(metrics.register(server, new FakeSource(sites), 0));
        assertEquals("jni", server.getAttribute(new ObjectName(DOMAIN + ":type=Agent"), "Backend"));
    }

    @Test
    void theTopSitesHaveBeansThatFollowTheRanking() throws Exception {
        int a = FakeSource.site(sites, "com.acme.A", "run", 10, TimeApi.NANO_TIME);
        int b = FakeSource.site(sites, "com.acme.B", "<init>", 20, TimeApi.NEW_DATE);
        FakeSource source = new FakeSource(sites).calls(a, 50).calls(b, 10);
        metrics.register(server, source, 1);
        ObjectName siteA = new ObjectName(DOMAIN + ":type=TimeCallSite,api=java.lang.System.nanoTime,"
                + "class=com.acme.A,method=run,line=10");
        ObjectName siteB = new ObjectName(DOMAIN + ":type=TimeCallSite,api=new java.util.Date(),"
                + "class=com.acme.B,method=<init>,line=20");
        assertTrue(server.isRegistered(siteA), beans()::toString);
        assertFalse(server.isRegistered(siteB));
        assertEquals(50L, server.getAttribute(siteA, "Calls"));
        assertEquals("com.acme.A.run(A.java:10)", server.getAttribute(siteA, "Site"));
        assertEquals("java.lang.System.nanoTime", server.getAttribute(siteA, "Api"));

        source.calls(b, 80);
        server.getAttribute(timeCalls(TimeApi.NANO_TIME), "Calls"); // a read refreshes: B overtakes A
        assertFalse(server.isRegistered(siteA), beans()::toString);
        assertEquals(80L, server.getAttribute(siteB, "Calls"));
        metrics.unregister(source);
        assertEquals(Set.of(), beans());
    }

    @Test
    void coarseSitesCountInTheirApisBeanAndApartAsCoarseCalls() throws Exception {
        int precise = FakeSource.site(sites, "com.acme.A", "run", 10, TimeApi.CURRENT_TIME_MILLIS);
        int coarse = FakeSource.site(sites, "com.acme.B", "run", 20, TimeApi.CURRENT_TIME_MILLIS_COARSE);
        FakeSource source = new FakeSource(sites).calls(precise, 7).calls(coarse, 5);
        source.verdict(TimeApi.CURRENT_TIME_MILLIS_COARSE, FakeSource.KERNEL);
        assertTrue(metrics.register(server, source, 0));

        ObjectName millis = timeCalls(TimeApi.CURRENT_TIME_MILLIS);
        assertEquals(12L, server.getAttribute(millis, "Calls"));
        assertEquals(5L, server.getAttribute(millis, "CoarseCalls"));
        assertEquals(7L, server.getAttribute(millis, "AvoidedKernel"));
        assertEquals(5L, server.getAttribute(millis, "EnteredKernel"));
        assertEquals(0L, server.getAttribute(timeCalls(TimeApi.THREAD_CPU_TIME), "CoarseCalls"), "no coarse twin");
    }

    @Test
    void aReadThatCannotRefreshGetsTheLastFigures() throws Exception {
        int nano = FakeSource.site(sites, "com.acme.A", "run", 10, TimeApi.NANO_TIME);
        FakeSource source = new FakeSource(sites).calls(nano, 5);
        metrics.register(server, source, 0);
        source.failure = new IllegalStateException("the session broke");
        assertEquals(5L, server.getAttribute(timeCalls(TimeApi.NANO_TIME), "Calls"));
    }
}
