package io.github.vdsoagent.vdso;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The few libc functions the resolver calls through JNA, on its cold path only. */
interface Libc extends Library {
    int RTLD_LAZY = 0x1;
    int RTLD_NOLOAD = 0x4;

    Libc INSTANCE = Native.load("c", Libc.class);

    long getauxval(long type);

    Pointer dlopen(String file, int mode);

    Pointer dlsym(Pointer handle, String symbol);

    int dlclose(Pointer handle);
}
