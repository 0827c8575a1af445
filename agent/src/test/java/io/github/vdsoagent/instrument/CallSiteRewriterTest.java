package io.github.vdsoagent.instrument;

import io.github.vdsoagent.vocabulary.TimeApi;
import io.github.vdsoagent.boot.CallCounter;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.fixtures.MixedMethods;
import io.github.vdsoagent.fixtures.NoTimeCalls;
import io.github.vdsoagent.fixtures.TimeCalls;
import io.github.vdsoagent.fixtures.TimestampedDate;
import io.github.vdsoagent.testing.Rewritten;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallSiteRewriterTest {

    @Test
    void everyCoveredApiBecomesOneSiteWithItsMethodFileAndLine() {
        SiteRegistry registry = new SiteRegistry();
        byte[] rewritten = CallSiteRewriter.rewrite(Rewritten.bytesOf(TimeCalls.class), 1, registry);
        assertNotNull(rewritten);
        List<CallSite> sites = registry.sites();
        Set<TimeApi> apis = sites.stream().map(CallSite::api).collect(Collectors.toCollection(() -> EnumSet.noneOf(TimeApi.class)));
        Set<TimeApi> called = EnumSet.allOf(TimeApi.class);
        called.removeIf(TimeApi::isCoarse);
        assertEquals(called, apis, "every API has a site in the fixture");
        for (CallSite site : sites) {
            assertEquals(TimeCalls.class.getName(), site.className());
            assertEquals("TimeCalls.java", site.sourceFile());
            assertTrue(site.line() > 0, site.toString());
        }
        CallSite nano = sites.stream().filter(s -> s.methodName().equals("nanoTime")).findFirst().orElseThrow();
        assertEquals(TimeApi.NANO_TIME, nano.api());
        long sunSites = sites.stream().filter(s -> s.methodName().equals("sunThreadCpuTime")).count();
        assertEquals(1, sunSites, "a call through com.sun.management.ThreadMXBean is the same API");
    }

    @Test
    void aClassWithoutTimeCallsIsNeitherParsedNorChanged() {
        byte[] bytes = Rewritten.bytesOf(NoTimeCalls.class);
        assertFalse(ConstantPoolScanner.mayCallTimeApi(bytes));
        int[] registered = {0};
        assertNull(CallSiteRewriter.rewrite(bytes, 1, Rewritten.counting(registered)));
        assertEquals(0, registered[0]);
    }

    @Test
    void onlyTheMethodsThatCallATimeApiAreLookedAt() {
        byte[] bytes = Rewritten.bytesOf(MixedMethods.class);
        boolean[] mayCall = ConstantPoolScanner.methodsThatMayCall(bytes);
        List<String> names = new ArrayList<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                names.add(name);
                return null;
            }
        }, ClassReader.SKIP_CODE);
        assertNotNull(mayCall);
        assertEquals(names.size(), mayCall.length);
        List<String> flagged = new ArrayList<>();
        for (int i = 0; i < mayCall.length; i++) {
            if (mayCall[i]) {
                flagged.add(names.get(i));
            }
        }
        assertEquals(List.of("clock", "both"), flagged, "of " + names);
        SiteRegistry registry = new SiteRegistry();
        assertNotNull(CallSiteRewriter.rewrite(bytes, 1, registry));
        assertEquals(List.of("clock", "both"), registry.sites().stream().map(CallSite::methodName)
                .collect(Collectors.toList()));
        assertNull(ConstantPoolScanner.methodsThatMayCall(Rewritten.bytesOf(NoTimeCalls.class)));
        for (int length = 0; length < bytes.length; length++) {
            boolean[] truncated = ConstantPoolScanner.methodsThatMayCall(java.util.Arrays.copyOf(bytes, length));
            if (truncated != null) { // cut after the methods: the class attributes do not matter
                assertEquals(java.util.Arrays.toString(mayCall), java.util.Arrays.toString(truncated), "cut at " + length);
            }
        }
    }

    @Test
    void theScannerSeesEveryClassThatHasSites() {
        assertTrue(ConstantPoolScanner.mayCallTimeApi(Rewritten.bytesOf(TimeCalls.class)));
        assertTrue(ConstantPoolScanner.mayCallTimeApi(Rewritten.bytesOf(TimestampedDate.class)));
        assertFalse(ConstantPoolScanner.mayCallTimeApi(new byte[]{(byte) 0xCA, (byte) 0xFE}), "truncated input");
        assertFalse(ConstantPoolScanner.mayCallTimeApi(new byte[64]), "not a class file");
    }

    @Test
    void rewrittenCallsAreCountedExactlyAtTheirSite() throws Exception {
        SiteRegistry registry = new SiteRegistry();
        Class<?> type = Rewritten.define(TimeCalls.class.getName(),
                CallSiteRewriter.rewrite(Rewritten.bytesOf(TimeCalls.class), 2, registry));
        CallSite loopSite = registry.sites().stream().filter(s -> s.methodName().equals("nanoTimeLoop")).findFirst().orElseThrow();
        long before = CallCounter.snapshot(registry.size())[loopSite.id()];
        type.getMethod("nanoTimeLoop", int.class).invoke(null, 12_345);
        long after = CallCounter.snapshot(registry.size())[loopSite.id()];
        assertEquals(12_345, after - before);
    }

    @Test
    void superCallOfADateSubclassReadsTheClockThroughTheStub() throws Exception {
        SiteRegistry registry = new SiteRegistry();
        Class<?> type = Rewritten.define(TimestampedDate.class.getName(),
                CallSiteRewriter.rewrite(Rewritten.bytesOf(TimestampedDate.class), 3, registry));
        assertEquals(1, registry.size());
        assertEquals(TimeApi.NEW_DATE, registry.sites().get(0).api());
        long countBefore = CallCounter.snapshot(1)[0]; // ids start at 0 in every registry: compare, do not assume
        long before = System.currentTimeMillis();
        Date date = (Date) type.getConstructor(String.class).newInstance("x");
        long after = System.currentTimeMillis();
        assertTrue(date.getTime() >= before && date.getTime() <= after, date.getTime() + " in [" + before + "," + after + "]");
        assertEquals(1, CallCounter.snapshot(1)[0] - countBefore);
    }

    @Test
    void rewritingTheSameClassAgainKeepsItsSiteIds() {
        SiteRegistry registry = new SiteRegistry();
        CallSiteRewriter.rewrite(Rewritten.bytesOf(TimeCalls.class), 4, registry);
        int first = registry.size();
        CallSiteRewriter.rewrite(Rewritten.bytesOf(TimeCalls.class), 4, registry);
        assertEquals(first, registry.size(), "no new sites on a second rewrite");
        CallSiteRewriter.rewrite(Rewritten.bytesOf(TimeCalls.class), 5, registry);
        assertEquals(2 * first, registry.size(), "another class loader's copy has sites of its own");
    }

    @Test
    void everyRewrittenMethodRunsAndAllStubMethodsExist() throws Exception {
        int[] registered = {0};
        Class<?> type = Rewritten.define(TimeCalls.class.getName(),
                CallSiteRewriter.rewrite(Rewritten.bytesOf(TimeCalls.class), 6, Rewritten.counting(registered)));
        // Defining and calling each method makes the JVM verify it and link every stub call.
        for (Method m : type.getDeclaredMethods()) {
            Object[] args = new Object[m.getParameterCount()];
            Class<?>[] params = m.getParameterTypes();
            for (int i = 0; i < args.length; i++) {
                args[i] = params[i] == int.class ? 3
                        : params[i] == java.time.ZoneId.class ? java.time.ZoneId.of("Asia/Kolkata")
                        : java.lang.management.ManagementFactory.getThreadMXBean();
            }
            assertNotNull(m.invoke(null, args), m.getName());
        }
    }
}
