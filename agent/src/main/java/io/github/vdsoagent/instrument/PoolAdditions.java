package io.github.vdsoagent.instrument;

import io.github.vdsoagent.vocabulary.TimeApi;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static io.github.vdsoagent.instrument.ClassFileBytes.CLASS;
import static io.github.vdsoagent.instrument.ClassFileBytes.INTEGER;
import static io.github.vdsoagent.instrument.ClassFileBytes.METHODREF;
import static io.github.vdsoagent.instrument.ClassFileBytes.NAME_AND_TYPE;
import static io.github.vdsoagent.instrument.ClassFileBytes.UTF8;

/**
 * The constant-pool entries a patched class needs beyond its own, appended after them: the clock stubs' methods,
 * {@code Date(long)} for {@code new Date()}, and site ids too big for {@code sipush}. The original entries keep
 * their indexes, so nothing else in the class changes.
 */
final class PoolAdditions {
    private final ByteSink entries = new ByteSink(256);
    private final Map<Object, Integer> indexes = new HashMap<>();
    private int next;

    /** @param originalCount the class's own constant_pool_count: the first index these entries take */
    PoolAdditions(int originalCount) {
        this.next = originalCount;
    }

    /** The pool's new entry count: its first two bytes. */
    int count() {
        return next;
    }

    /** The entries to append. */
    ByteSink entries() {
        return entries;
    }

    int stubMethod(TimeApi api) {
        Integer known = indexes.get(api);
        if (known != null) {
            return known;
        }
        int stub = classEntry(api.stubClass());
        int index = methodRef(stub, api.stubName(), api.stubDescriptor());
        indexes.put(api, index);
        return index;
    }

    /** {@code <init>(J)V} of the class at {@code classIndex} (java.util.Date) in the original pool. */
    int constructorTakingLong(int classIndex) {
        String key = "<init>(J)V of #" + classIndex;
        Integer known = indexes.get(key);
        if (known != null) {
            return known;
        }
        int index = methodRef(classIndex, "<init>", "(J)V");
        indexes.put(key, index);
        return index;
    }

    int integer(int value) {
        Integer known = indexes.get(value);
        if (known != null) {
            return known;
        }
        entries.u1(INTEGER);
        entries.u4(value);
        indexes.put(value, next);
        return next++;
    }

    private int classEntry(String internalName) {
        String key = "class " + internalName;
        Integer known = indexes.get(key);
        if (known != null) {
            return known;
        }
        int name = utf8(internalName);
        entries.u1(CLASS);
        entries.u2(name);
        indexes.put(key, next);
        return next++;
    }

    private int methodRef(int classIndex, String name, String descriptor) {
        int nameIndex = utf8(name);
        int descriptorIndex = utf8(descriptor);
        entries.u1(NAME_AND_TYPE);
        entries.u2(nameIndex);
        entries.u2(descriptorIndex);
        int nameAndType = next++;
        entries.u1(METHODREF);
        entries.u2(classIndex);
        entries.u2(nameAndType);
        return next++;
    }

    private int utf8(String ascii) {
        String key = "utf8 " + ascii;
        Integer known = indexes.get(key);
        if (known != null) {
            return known;
        }
        byte[] bytes = ascii.getBytes(StandardCharsets.US_ASCII); // names and descriptors of the stub: all ASCII
        entries.u1(UTF8);
        entries.u2(bytes.length);
        entries.bytes(bytes, 0, bytes.length);
        indexes.put(key, next);
        return next++;
    }

    /**
     * The most entries {@code sites} sites can add: per site an Integer for its id and, for new Date(), a
     * Date(long) reference (a class may name java.util.Date more than once); per class the two stub classes (the
     * precise and the coarse one), and a method reference with its name and type per API.
     */
    static int mostAdded(int sites) {
        return 3 * sites + 4 + 5 * TimeApi.values().length;
    }
}
