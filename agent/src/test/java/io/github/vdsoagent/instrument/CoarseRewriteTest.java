package io.github.vdsoagent.instrument;

import io.github.vdsoagent.fixtures.TimeCalls;
import io.github.vdsoagent.options.ClassGlob;
import io.github.vdsoagent.options.OptionException;
import io.github.vdsoagent.sites.CallSite;
import io.github.vdsoagent.sites.SiteRegistry;
import io.github.vdsoagent.testing.Rewritten;
import io.github.vdsoagent.vocabulary.TimeApi;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * coarse= is decided as a class is rewritten: a coarse site's call goes to CoarseClockStub's method of the same name
 * and descriptor, and registers as the API's coarse twin; every other site is rewritten exactly as without it.
 */
class CoarseRewriteTest {
    private static final Set<TimeApi> EVERY_TWIN = everyApiWithATwin();

    private static Set<TimeApi> everyApiWithATwin() {
        Set<TimeApi> apis = EnumSet.noneOf(TimeApi.class);
        for (TimeApi api : TimeApi.values()) {
            if (api.coarse() != null) {
                apis.add(api);
            }
        }
        return apis;
    }

    @Test
    void coarseSitesCallTheCoarseStubAndRegisterAsTheTwin() {
        SiteRegistry registry = new SiteRegistry();
        byte[] rewritten = CallSiteRewriter.rewrite(Rewritten.bytesOf(TimeCalls.class), 1, registry,
                new CoarseChoice(EVERY_TWIN, List.of()));
        assertNotNull(rewritten);
        for (CallSite site : registry.sites()) {
            TimeApi precise = site.api().precise();
            assertEquals(EVERY_TWIN.contains(precise), site.api().isCoarse(), site.toString());
        }
        List<String> owners = stubOwners(rewritten);
        assertTrue(owners.contains(TimeApi.COARSE_STUB_CLASS), owners.toString());
        assertEquals(3, owners.stream().filter(TimeApi.STUB_CLASS::equals).count(),
                "thread CPU time (twice) and user time keep the precise stub: " + owners);
    }

    @Test
    void thePatcherAndAsmAgreeOnEveryCoarseSite() throws CallSitePatcher.CannotPatch {
        CoarseChoice coarse = new CoarseChoice(EVERY_TWIN, List.of());
        SiteRegistry patched = new SiteRegistry();
        byte[] byPatcher = CallSitePatcher.patch(Rewritten.bytesOf(TimeCalls.class), 1, patched, coarse);
        SiteRegistry byAsm = new SiteRegistry();
        byte[] viaAsm = AsmCallSiteRewriter.rewrite(Rewritten.bytesOf(TimeCalls.class), 1, byAsm, null, coarse);
        assertEquals(describe(patched), describe(byAsm));
        assertEquals(stubCalls(byPatcher), stubCalls(viaAsm));
    }

    @Test
    void coarseIncludeLeavesOtherClassesPrecise() throws OptionException {
        CoarseChoice elsewhere = new CoarseChoice(EVERY_TWIN, List.of(ClassGlob.parse("com.acme.**")));
        SiteRegistry registry = new SiteRegistry();
        byte[] rewritten = CallSiteRewriter.rewrite(Rewritten.bytesOf(TimeCalls.class), 1, registry, elsewhere);
        assertFalse(stubOwners(rewritten).contains(TimeApi.COARSE_STUB_CLASS));
        for (CallSite site : registry.sites()) {
            assertFalse(site.api().isCoarse(), site.toString());
        }
        CoarseChoice here = new CoarseChoice(Set.of(TimeApi.CURRENT_TIME_MILLIS),
                List.of(ClassGlob.parse("io.github.vdsoagent.fixtures.*")));
        SiteRegistry only = new SiteRegistry();
        CallSiteRewriter.rewrite(Rewritten.bytesOf(TimeCalls.class), 1, only, here);
        List<TimeApi> coarse = new ArrayList<>();
        for (CallSite site : only.sites()) {
            if (site.api().isCoarse()) {
                coarse.add(site.api());
            }
        }
        assertEquals(List.of(TimeApi.CURRENT_TIME_MILLIS_COARSE), coarse, "only the API named, in the classes named");
    }

    @Test
    void aSiteMadeCoarseByALaterRewriteGetsANewId() {
        SiteRegistry registry = new SiteRegistry();
        CallSiteRewriter.rewrite(Rewritten.bytesOf(TimeCalls.class), 1, registry);
        int precise = registry.size();
        CallSiteRewriter.rewrite(Rewritten.bytesOf(TimeCalls.class), 1, registry,
                new CoarseChoice(Set.of(TimeApi.NANO_TIME), List.of()));
        assertEquals(precise + 2, registry.size(), "nanoTime's two sites (nanoTime, nanoTimeLoop) read another clock now");
    }

    @Test
    void everyCoarseMethodLinksAndRuns() throws Exception {
        int[] registered = {0};
        Class<?> type = Rewritten.define(TimeCalls.class.getName(), CallSiteRewriter.rewrite(
                Rewritten.bytesOf(TimeCalls.class), 6, Rewritten.counting(registered),
                new CoarseChoice(EVERY_TWIN, List.of())));
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

    private static List<String> describe(SiteRegistry registry) {
        List<String> sites = new ArrayList<>();
        for (CallSite site : registry.sites()) {
            sites.add(site.toString() + " " + site.api());
        }
        return sites;
    }

    /** The owner of every call to a stub class, in order. */
    private static List<String> stubOwners(byte[] classFile) {
        List<String> owners = new ArrayList<>();
        for (String call : stubCalls(classFile)) {
            owners.add(call.substring(0, call.indexOf('.')));
        }
        return owners;
    }

    private static List<String> stubCalls(byte[] classFile) {
        List<String> calls = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (owner.startsWith("io/github/vdsoagent/boot/")) {
                            calls.add(owner + "." + method + desc);
                        }
                    }
                };
            }
        }, 0);
        return calls;
    }
}
