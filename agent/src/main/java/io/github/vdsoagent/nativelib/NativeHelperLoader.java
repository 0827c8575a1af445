package io.github.vdsoagent.nativelib;

import io.github.vdsoagent.boot.BackendBinding;
import io.github.vdsoagent.boot.ClockBackend;

/**
 * Loads the native helper into the JVM once, for whichever asks first: the clock setup and the kernel check run on
 * threads of their own, possibly at the same time, and each would otherwise extract and load a copy.
 */
public final class NativeHelperLoader {
    private NativeHelperLoader() {
    }

    public static synchronized void ensureLoaded() throws NativeHelperUnavailableException {
        if (BackendBinding.nativeLoaded()) {
            return;
        }
        NativeHelperFile file = NativeHelperFile.extract();
        try {
            BackendBinding.loadNative(file.file().toString());
        } catch (UnsatisfiedLinkError | SecurityException e) {
            throw new NativeHelperUnavailableException("cannot load the native helper (a noexec directory? set -D"
                    + NativeHelperFile.DIR_PROPERTY + "=DIR): " + e.getMessage(), e);
        } finally {
            file.delete();
        }
    }
}
