package io.github.vdsoagent.instrument;

import io.github.vdsoagent.vocabulary.SiteIds;
/**
 * Rewrites every time-API call instruction of a class into a call to the clock stub, passing the call site's id
 * as one extra int argument. Nothing else in the class changes: no new branches, locals or members, so stack map
 * frames keep their types, and a retransformation (which may not add members) can apply it too.
 *
 * <p>{@link CallSitePatcher} does it in the class's bytes as they are: at start-up, cold, a fraction of what ASM's
 * first rewrite costs. {@link AsmCallSiteRewriter} takes what the patcher leaves: code with type annotations or
 * attributes it does not know, or a branch the insertion would push beyond 16 bits.
 */
final class CallSiteRewriter {
    private CallSiteRewriter() {
    }

    /** The rewritten class, or null if it has no time-API call. */
    static byte[] rewrite(byte[] classFile, int loaderId, SiteIds siteIds) {
        return rewrite(classFile, loaderId, siteIds, CoarseChoice.NONE);
    }

    /** The same, with the sites {@code coarse} names retargeted at the coarse clock. */
    static byte[] rewrite(byte[] classFile, int loaderId, SiteIds siteIds, CoarseChoice coarse) {
        try {
            return CallSitePatcher.patch(classFile, loaderId, siteIds, coarse);
        } catch (CallSitePatcher.CannotPatch notForThePatcher) {
            return AsmCallSiteRewriter.rewrite(classFile, loaderId, siteIds,
                    ConstantPoolScanner.methodsThatMayCall(classFile), coarse);
        }
    }
}
