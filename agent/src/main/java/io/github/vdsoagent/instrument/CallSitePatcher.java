package io.github.vdsoagent.instrument;

import io.github.vdsoagent.vocabulary.SiteIds;
import java.util.ArrayList;
import java.util.List;

import static io.github.vdsoagent.instrument.ClassFileBytes.className;
import static io.github.vdsoagent.instrument.ClassFileBytes.u2;
import static io.github.vdsoagent.instrument.ClassFileBytes.u4;
import static io.github.vdsoagent.instrument.ClassFileBytes.utf8;

/**
 * Rewrites a class's time-API calls in its bytes as they are, the way {@link AsmCallSiteRewriter}'s visitors do,
 * without parsing the class into a model and writing it out again: only the Code attributes of the methods with a
 * site change (see {@link MethodPatch}), and the constant pool grows by the entries they use. At start-up this
 * runs cold, where ASM's first rewrite costs several milliseconds of class loading and interpretation.
 */
final class CallSitePatcher {
    private static final int SOURCE_FILE_LENGTH = 2;
    /**
     * Java 27's: the newest class file version the bundled ASM reads. A newer one may hold code this patcher has
     * never seen; ASM then refuses it too and the class stays as it was. CallSitePatcherTest keeps the two equal.
     */
    static final int NEWEST_MAJOR_VERSION = 71;

    /** A class this patcher does not handle; ASM rewrites it instead. No site id has been asked for yet. */
    static final class CannotPatch extends Exception {
        CannotPatch(String why) {
            super(why, null, false, false);
        }
    }

    private CallSitePatcher() {
    }

    /** The rewritten class, or null if it has no time-API call. */
    static byte[] patch(byte[] b, int loaderId, SiteIds siteIds) throws CannotPatch {
        return patch(b, loaderId, siteIds, CoarseChoice.NONE);
    }

    /** The same, with the sites {@code coarse} names retargeted at their API's coarse twin. */
    static byte[] patch(byte[] b, int loaderId, SiteIds siteIds, CoarseChoice coarse) throws CannotPatch {
        Plan plan;
        try {
            plan = plan(b);
        } catch (IndexOutOfBoundsException malformed) {
            throw new CannotPatch("malformed class file");
        }
        if (plan == null) {
            return null;
        }
        // From here on nothing can fail on the class's account: every site id asked for is used.
        for (MethodPatch patch : plan.patches) {
            int[] ids = new int[patch.sites()];
            for (int s = 0; s < ids.length; s++) {
                patch.retarget(s, coarse.target(plan.className, patch.api(s)));
                ids[s] = siteIds.idFor(loaderId, plan.className, patch.name, patch.descriptor, patch.instruction(s),
                        plan.sourceFile, patch.line(s), patch.api(s));
            }
            patch.setIds(ids);
        }
        return write(b, plan.pool, plan.patches);
    }

    /** What {@link #plan} found: the methods to patch, and the class facts their site ids are asked for with. */
    private static final class Plan {
        final int[] pool;
        final String className;
        final String sourceFile;
        final List<MethodPatch> patches;

        Plan(int[] pool, String className, String sourceFile, List<MethodPatch> patches) {
            this.pool = pool;
            this.className = className;
            this.sourceFile = sourceFile;
            this.patches = patches;
        }
    }

    /** Null if the class calls no time API. */
    private static Plan plan(byte[] b) throws CannotPatch {
        int[] pool = ConstantPoolScanner.poolOffsets(b);
        if (pool == null) {
            throw new CannotPatch("not a class file");
        }
        if (u2(b, 6) > NEWEST_MAJOR_VERSION) {
            throw new CannotPatch("class file version " + u2(b, 6));
        }
        boolean[] timeRefs = ConstantPoolScanner.timeApiRefs(b, pool);
        if (timeRefs == null) {
            return null;
        }
        int poolEnd = pool[0];
        String className = className(b, pool, pool[u2(b, poolEnd + 2)]).replace('/', '.');
        int pos = poolEnd + 6;
        pos += 2 + 2 * u2(b, pos);
        int fields = u2(b, pos);
        pos += 2;
        for (int f = 0; f < fields; f++) {
            pos = ConstantPoolScanner.skipAttributes(b, pos + 6);
        }
        List<MethodPatch> patches = new ArrayList<>();
        // One String per pool entry, as ASM's reader keeps them: the registry holds each site's method name and
        // descriptor for the JVM's life, and a class's methods mostly share a few descriptors.
        String[] strings = new String[pool.length];
        int sites = 0;
        int methods = u2(b, pos);
        pos += 2;
        for (int m = 0; m < methods; m++) {
            int nameIndex = u2(b, pos + 2);
            int descriptorIndex = u2(b, pos + 4);
            int attributes = u2(b, pos + 6);
            pos += 8;
            for (int a = 0; a < attributes; a++) {
                int length = u4(b, pos + 2);
                if (ConstantPoolScanner.isCode(b, pool[u2(b, pos)])
                        && ConstantPoolScanner.invokesAny(b, pos + 14, pos + 14 + u4(b, pos + 10), timeRefs)) {
                    MethodPatch patch = MethodPatch.plan(b, pool, timeRefs, pos, string(strings, b, pool, nameIndex),
                            string(strings, b, pool, descriptorIndex));
                    if (patch != null) {
                        patches.add(patch);
                        sites += patch.sites();
                    }
                }
                pos += 6 + length;
            }
        }
        if (patches.isEmpty()) {
            return null;
        }
        if (pool.length + PoolAdditions.mostAdded(sites) > 0xFFFF) {
            throw new CannotPatch("the constant pool would overflow");
        }
        return new Plan(pool, className, sourceFile(b, pool, pos), patches);
    }

    private static String string(String[] strings, byte[] b, int[] pool, int index) {
        String known = strings[index];
        if (known == null) {
            known = utf8(b, pool[index]);
            strings[index] = known;
        }
        return known;
    }

    /** The SourceFile attribute among the class's attributes at {@code pos}, or null. */
    private static String sourceFile(byte[] b, int[] pool, int pos) {
        int attributes = u2(b, pos);
        pos += 2;
        for (int a = 0; a < attributes; a++) {
            int length = u4(b, pos + 2);
            if (length == SOURCE_FILE_LENGTH && utf8(b, pool[u2(b, pos)]).equals("SourceFile")) {
                return utf8(b, pool[u2(b, pos + 6)]);
            }
            pos += 6 + length;
        }
        return null;
    }

    /** The class with each patched Code attribute replaced and the pool's new entries appended. */
    private static byte[] write(byte[] b, int[] pool, List<MethodPatch> patches) {
        PoolAdditions additions = new PoolAdditions(pool.length);
        int poolEnd = pool[0];
        ByteSink rest = new ByteSink(b.length - poolEnd + 64 * patches.size());
        int copied = poolEnd;
        for (MethodPatch patch : patches) {
            rest.bytes(b, copied, patch.attributeStart() - copied);
            patch.write(rest, additions);
            copied = patch.attributeEnd();
        }
        rest.bytes(b, copied, b.length - copied);

        ByteSink out = new ByteSink(poolEnd + additions.entries().size() + rest.size());
        out.bytes(b, 0, 8); // magic and version
        out.u2(additions.count());
        out.bytes(b, 10, poolEnd - 10);
        out.bytes(additions.entries());
        out.bytes(rest);
        return out.toByteArray();
    }
}
