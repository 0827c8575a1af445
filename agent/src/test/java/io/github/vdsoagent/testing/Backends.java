package io.github.vdsoagent.testing;

import io.github.vdsoagent.boot.BackendBinding;
import io.github.vdsoagent.boot.ClockBackend;
import io.github.vdsoagent.boot.OwnerCheck;
import io.github.vdsoagent.clock.FfmDowncall;
import io.github.vdsoagent.nativelib.NativeHelperFile;
import io.github.vdsoagent.vdso.VdsoResolver;
import org.junit.jupiter.api.Assumptions;

/**
 * Puts the clock stub on a given path inside the test JVM, as the agent would: the native helper loaded from the
 * native-helpers module's output, bound to this process's vDSO. Tests call {@link #use} and {@link #reset}.
 */
public final class Backends {
    private static boolean nativeReady;

    private Backends() {
    }

    /**
     * Switches the stub to {@code mode} (a ClockBackend constant), loading and binding the helper on first need.
     * The FFM mode exists from JDK 22: on older JDKs the calling test is skipped, saying so.
     */
    public static synchronized void use(int mode) throws Exception {
        OwnerCheck.claim(Backends.class.getClassLoader());
        if (mode == ClockBackend.FFM) {
            Assumptions.assumeTrue(FfmDowncall.available(), "the FFM downcall needs JDK 22 or later; this is "
                    + Runtime.version().feature());
            use(ClockBackend.VDSO);
            FfmDowncall.bind();
        }
        if (mode != ClockBackend.JVM && !nativeReady) {
            NativeHelperFile file = NativeHelperFile.extract();
            try {
                BackendBinding.loadNative(file.file().toString());
            } finally {
                file.delete();
            }
            BackendBinding.bindVdso(VdsoResolver.resolve().clockGettimeAddress());
            nativeReady = true;
        }
        ClockBackend.use(mode);
    }

    public static void reset() throws Exception {
        use(ClockBackend.JVM);
    }
}
