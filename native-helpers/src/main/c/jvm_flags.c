/*
 * Turns HotSpot's CriticalJNINatives flag on or off in this running JVM, so that vdso_clock.c's critical entry
 * can be used on JDK 16 and 17 without the user restarting the JVM with the (deprecated) command-line flag.
 *
 * HotSpot describes its own structures to debuggers in tables it exports from libjvm (gHotSpotVMStructs and
 * gHotSpotVMTypes, what the Serviceability Agent reads). The flag table is found through them: JVMFlag::flags,
 * JVMFlag::numFlags, and each flag's _name, _addr and _type. Nothing is assumed about the layout beyond what the
 * tables say, every step is checked, and a JVM that does not describe itself as expected is left untouched, as is
 * a flag the user set (the origin bits of JVMFlag::_flags are not the default's).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>
#include <stdint.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

/* What setCriticalNatives returns when it changed nothing; the Java side names them. */
#define NO_LIBJVM (-1)
#define NO_VM_STRUCTS (-2)
#define NO_FLAG_TABLE (-3)
#define NO_SUCH_FLAG (-4)
#define NOT_A_BOOL (-5)
#define SET_BY_USER (-6)

#define FLAG_NAME "CriticalJNINatives"
/* Where _type is an int, it holds the JVMFlag::FlagType enum, whose first value is bool. */
#define TYPE_BOOL_INDEX 0
/* The low bits of JVMFlag::_flags say where the value came from; 0 is the JVM's default. */
#define ORIGIN_MASK 0xF
/* HotSpot has about 1,300 flags; a count far beyond that means the table is not what it seems. */
#define MAX_FLAGS 100000

struct struct_table {
    const char *base;
    uint64_t stride, type_name, field_name, type_string, is_static, offset, address;
};

struct type_table {
    const char *base;
    uint64_t stride, type_name, size;
};

/* What the tables say about JVMFlag. */
struct flag_layout {
    const char *flags;      /* the flag table */
    size_t count;
    uint64_t size;          /* sizeof(JVMFlag) */
    int64_t name, addr, type, origin; /* field offsets, -1 if not described */
    int type_is_int;        /* _type is an int enum (newer JDKs), not a type name (JDK 11 and before) */
};

static int read_u64(void *lib, const char *symbol, uint64_t *out) {
    const uint64_t *p = dlsym(lib, symbol);
    if (p == NULL) {
        return 0;
    }
    *out = *p;
    return 1;
}

static int open_struct_table(void *lib, struct struct_table *t) {
    const char **base = dlsym(lib, "gHotSpotVMStructs");
    if (base == NULL || *base == NULL) {
        return 0;
    }
    t->base = *base;
    return read_u64(lib, "gHotSpotVMStructEntryArrayStride", &t->stride) && t->stride > 0
        && read_u64(lib, "gHotSpotVMStructEntryTypeNameOffset", &t->type_name)
        && read_u64(lib, "gHotSpotVMStructEntryFieldNameOffset", &t->field_name)
        && read_u64(lib, "gHotSpotVMStructEntryTypeStringOffset", &t->type_string)
        && read_u64(lib, "gHotSpotVMStructEntryIsStaticOffset", &t->is_static)
        && read_u64(lib, "gHotSpotVMStructEntryOffsetOffset", &t->offset)
        && read_u64(lib, "gHotSpotVMStructEntryAddressOffset", &t->address);
}

static int open_type_table(void *lib, struct type_table *t) {
    const char **base = dlsym(lib, "gHotSpotVMTypes");
    if (base == NULL || *base == NULL) {
        return 0;
    }
    t->base = *base;
    return read_u64(lib, "gHotSpotVMTypeEntryArrayStride", &t->stride) && t->stride > 0
        && read_u64(lib, "gHotSpotVMTypeEntryTypeNameOffset", &t->type_name)
        && read_u64(lib, "gHotSpotVMTypeEntrySizeOffset", &t->size);
}

#define FIELD(entry, offset, type) (*(type const *) ((entry) + (offset)))

static int is(const char *text, const char *expected) {
    return text != NULL && strcmp(text, expected) == 0;
}

/* A field the layout relies on must be described with the type it is read as, and lie inside a JVMFlag. */
static int fits(int64_t offset, uint64_t width, uint64_t size) {
    return offset >= 0 && (uint64_t) offset + width <= size;
}

/* Both tables end with an entry whose type name is null. Only descriptions with the expected types are taken. */
static int describe_flags(const struct struct_table *s, const struct type_table *t, struct flag_layout *out) {
    const char *flags_address = NULL, *count_address = NULL;
    out->name = out->addr = out->type = out->origin = -1;
    out->type_is_int = 0;
    out->size = 0;
    for (const char *e = s->base; FIELD(e, s->type_name, char *) != NULL; e += s->stride) {
        if (!is(FIELD(e, s->type_name, char *), "JVMFlag")) {
            continue;
        }
        const char *field = FIELD(e, s->field_name, char *);
        const char *type = FIELD(e, s->type_string, char *);
        int is_static = FIELD(e, s->is_static, int32_t);
        int64_t offset = (int64_t) FIELD(e, s->offset, uint64_t);
        if (field == NULL) {
            continue;
        }
        if (is_static && strcmp(field, "flags") == 0 && is(type, "JVMFlag*")) {
            flags_address = FIELD(e, s->address, char *);
        } else if (is_static && strcmp(field, "numFlags") == 0 && is(type, "size_t")) {
            count_address = FIELD(e, s->address, char *);
        } else if (!is_static && strcmp(field, "_name") == 0 && is(type, "const char*")) {
            out->name = offset;
        } else if (!is_static && strcmp(field, "_addr") == 0) {
            out->addr = offset; /* described without a type: it is a void* */
        } else if (!is_static && strcmp(field, "_type") == 0 && (is(type, "int") || is(type, "const char*"))) {
            out->type = offset;
            out->type_is_int = is(type, "int");
        } else if (!is_static && strcmp(field, "_flags") == 0 && is(type, "JVMFlag::Flags")) {
            out->origin = offset;
        }
    }
    for (const char *e = t->base; FIELD(e, t->type_name, char *) != NULL; e += t->stride) {
        if (is(FIELD(e, t->type_name, char *), "JVMFlag")) {
            out->size = FIELD(e, t->size, uint64_t);
        }
    }
    if (flags_address == NULL || count_address == NULL
            || !fits(out->name, sizeof(char *), out->size) || !fits(out->addr, sizeof(void *), out->size)
            || !fits(out->type, out->type_is_int ? sizeof(int32_t) : sizeof(char *), out->size)
            || !fits(out->origin, sizeof(int32_t), out->size)) {
        return 0;
    }
    out->flags = *(const char *const *) flags_address;
    out->count = *(const size_t *) count_address;
    return out->flags != NULL && out->count <= MAX_FLAGS;
}

static int is_bool(const char *flag, const struct flag_layout *l) {
    if (l->type_is_int) {
        return FIELD(flag, l->type, int32_t) == TYPE_BOOL_INDEX;
    }
    return is(FIELD(flag, l->type, char *), "bool");
}

static jint set_flag(void *lib, jboolean on) {
    struct struct_table structs;
    struct type_table types;
    struct flag_layout layout;
    if (!open_struct_table(lib, &structs) || !open_type_table(lib, &types)) {
        return NO_VM_STRUCTS;
    }
    if (!describe_flags(&structs, &types, &layout)) {
        return NO_FLAG_TABLE;
    }
    for (size_t i = 0; i < layout.count; i++) {
        const char *flag = layout.flags + i * layout.size;
        const char *name = FIELD(flag, layout.name, char *);
        if (name == NULL || strcmp(name, FLAG_NAME) != 0) {
            continue;
        }
        volatile uint8_t *value = FIELD(flag, layout.addr, uint8_t *);
        if (value == NULL || !is_bool(flag, &layout) || *value > 1) {
            return NOT_A_BOOL;
        }
        jint before = *value;
        if (before != on && (FIELD(flag, layout.origin, int32_t) & ORIGIN_MASK) != 0) {
            return SET_BY_USER; /* -XX:-CriticalJNINatives, or a JDK before 16 told to turn it off: left so */
        }
        *value = on ? 1 : 0;
        return before;
    }
    return NO_SUCH_FLAG;
}

/* Sets CriticalJNINatives; returns its value before (0 or 1), or one of the negative reasons above. */
EXPORT JNIEXPORT jint JNICALL
Java_io_github_vdsoagent_boot_NativeClock_setCriticalNatives(JNIEnv *env, jclass cls, jboolean on) {
    (void) cls;
    /* The JNI function table lives in libjvm: its functions name the library without guessing its path. */
    Dl_info info;
    if (dladdr((void *) (*env)->GetVersion, &info) == 0 || info.dli_fname == NULL) {
        return NO_LIBJVM;
    }
    void *lib = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
    if (lib == NULL) {
        return NO_LIBJVM;
    }
    jint result = set_flag(lib, on);
    dlclose(lib);
    return result;
}
