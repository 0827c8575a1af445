package io.github.vdsoagent.instrument;

import io.github.vdsoagent.vocabulary.SiteIds;
import io.github.vdsoagent.vocabulary.TimeApi;
import java.util.Arrays;

import static io.github.vdsoagent.instrument.ClassFileBytes.className;
import static io.github.vdsoagent.instrument.ClassFileBytes.s2;
import static io.github.vdsoagent.instrument.ClassFileBytes.u1;
import static io.github.vdsoagent.instrument.ClassFileBytes.u2;
import static io.github.vdsoagent.instrument.ClassFileBytes.u4;
import static io.github.vdsoagent.instrument.ClassFileBytes.utf8;

/**
 * One method's Code attribute, rewritten in place: before each time-API call the site id's push is inserted and
 * the call retargeted at the clock stub; what remains is to move every code offset (branches, the exception table,
 * line numbers, local variables, stack map frames) by the bytes inserted before it. In a method with a switch,
 * whose operands are aligned to 4 bytes, every insertion is padded with {@code nop}s to a multiple of 4, so that
 * the switches keep their padding; elsewhere an insertion is what ASM inserts, no more, so that a method crosses
 * no JIT size limit that ASM's rewrite would not. {@link #plan} finds out everything that could fail before any
 * site id is asked for, with the largest push (the id is not known yet): a smaller one moves offsets less.
 */
final class MethodPatch {
    /** In a method with a switch, what is inserted per call: the push and the stub call fit in 4 bytes. */
    private static final int PADDED = 4;
    /** new Date() also gets its constructor call re-typed to Date(long), 3 bytes more. */
    private static final int PADDED_FOR_CONSTRUCTOR = 8;
    /** The longest push of a site id: sipush or ldc_w. */
    private static final int LONGEST_PUSH = 3;
    /** The stub's extra stack slots: the site id, then a long for Date(long). */
    private static final int EXTRA_STACK = 2;
    /** The kinds of attribute a Code attribute may have here: all others hold offsets this class does not know. */
    private static final int LINE_NUMBERS = 0;
    private static final int LOCAL_VARIABLES = 1; // LocalVariableTable and LocalVariableTypeTable: same layout
    private static final int STACK_MAP = 2;

    final String name;
    final String descriptor;
    private final byte[] b;
    private final int attribute;
    private final int attributeEnd;
    private final int code;
    private final int codeLength;

    private int sites;
    private int[] siteOffsets = new int[4];
    private int[] inserted = new int[4];
    /** Per site, the bytes inserted by it and every site before it. */
    private int[] insertedUpTo;
    private TimeApi[] apis = new TimeApi[4];
    /** Per site, the pool index of its method reference's class: java.util.Date's, for Date(long). */
    private int[] ownerClasses = new int[4];
    private int[] instructions = new int[4];
    private int[] lines;
    private int[] ids;

    private boolean hasSwitch;
    private int branches;
    private int[] branchOffsets = new int[16];
    /** Per attribute of the Code attribute, in order: its kind. */
    private int[] attributeKinds;
    private byte[] stackMapTable;
    private int stackMapAt;

    private MethodPatch(byte[] b, int attribute, String name, String descriptor) {
        this.b = b;
        this.attribute = attribute;
        this.attributeEnd = attribute + 6 + u4(b, attribute + 2);
        this.code = attribute + 14;
        this.codeLength = u4(b, attribute + 10);
        this.name = name;
        this.descriptor = descriptor;
    }

    /**
     * The patch for the Code attribute at {@code attribute}, or null if its method calls no time API.
     *
     * @param timeRefs per constant-pool index, whether it is a method reference to a time API's owner and name
     * @throws CallSitePatcher.CannotPatch for code this class does not shift offsets in: ASM rewrites it instead
     */
    static MethodPatch plan(byte[] b, int[] pool, boolean[] timeRefs, int attribute, String name, String descriptor)
            throws CallSitePatcher.CannotPatch {
        MethodPatch patch = new MethodPatch(b, attribute, name, descriptor);
        boolean[] starts = patch.decode(pool, timeRefs);
        if (patch.sites == 0) {
            return null;
        }
        for (int s = 0; s < patch.sites; s++) {
            patch.inserted[s] = patch.hasSwitch ? (patch.apis[s].isConstructor() ? PADDED_FOR_CONSTRUCTOR : PADDED)
                    : patch.replacementLength(s, LONGEST_PUSH) - patch.originalLength(s);
        }
        patch.sumInserted();
        patch.readAttributes(pool, starts);
        patch.checkBranches();
        return patch;
    }

    int sites() {
        return sites;
    }

    TimeApi api(int site) {
        return apis[site];
    }

    /** Calls {@code api} at the site instead: a coarse twin, which takes the same arguments and bytes. */
    void retarget(int site, TimeApi api) {
        if (api.isConstructor() != apis[site].isConstructor()) {
            throw new IllegalArgumentException(api + " does not take the place of " + apis[site]);
        }
        apis[site] = api;
    }

    int instruction(int site) {
        return instructions[site];
    }

    int line(int site) {
        return lines[site];
    }

    /** The sites' ids, in order. Without a switch, the insertions shrink to the pushes these ids take. */
    void setIds(int[] ids) {
        this.ids = ids;
        if (hasSwitch) {
            return;
        }
        for (int s = 0; s < sites; s++) {
            inserted[s] = replacementLength(s, pushLength(ids[s])) - originalLength(s);
        }
        sumInserted();
        if (stackMapTable != null) {
            try {
                stackMapTable = StackMapFrames.shift(b, stackMapAt + 6, u4(b, stackMapAt + 2), this);
            } catch (CallSitePatcher.CannotPatch e) {
                throw new IllegalStateException("the same frames passed in plan", e);
            }
        }
    }

    private void sumInserted() {
        insertedUpTo = new int[sites];
        for (int s = 0, total = 0; s < sites; s++) {
            total += inserted[s];
            insertedUpTo[s] = total;
        }
    }

    /** invokestatic and invokespecial take 3 bytes, invokeinterface 5. */
    private int originalLength(int site) {
        return u1(b, code + siteOffsets[site]) == Instructions.INVOKEINTERFACE ? 5 : 3;
    }

    /** The push, the stub call and, for new Date(), the call of Date(long). */
    private int replacementLength(int site, int pushLength) {
        return pushLength + 3 + (apis[site].isConstructor() ? 3 : 0);
    }

    private static int pushLength(int id) {
        return id >= Byte.MIN_VALUE && id <= Byte.MAX_VALUE ? 2 : 3; // bipush; sipush or ldc_w
    }

    int attributeStart() {
        return attribute;
    }

    int attributeEnd() {
        return attributeEnd;
    }

    /** Walks the instructions: finds the sites, the instructions holding offsets, and where instructions start. */
    private boolean[] decode(int[] pool, boolean[] timeRefs) throws CallSitePatcher.CannotPatch {
        if (codeLength <= 0 || codeLength > 0xFFFF || code + codeLength > attributeEnd) {
            throw new CallSitePatcher.CannotPatch("code length " + codeLength);
        }
        boolean[] starts = new boolean[codeLength];
        int invokes = 0;
        for (int pc = 0; pc < codeLength; ) {
            starts[pc] = true;
            int op = u1(b, code + pc);
            int length = Instructions.length(b, code, pc);
            if (length <= 0 || pc + length > codeLength) {
                throw new CallSitePatcher.CannotPatch("instruction " + op + " at " + pc);
            }
            if (op >= Instructions.INVOKEVIRTUAL && op <= Instructions.INVOKEINTERFACE) {
                int instruction = invokes++; // numbered like ASM's visitMethodInsn calls, which SiteIds keys on
                int ref = u2(b, code + pc + 1);
                if (ref < timeRefs.length && timeRefs[ref]) {
                    TimeApi api = apiOf(op, pool, ref);
                    if (api != null) {
                        addSite(pc, api, pool, ref, instruction);
                    }
                }
            } else if (Instructions.hasShortBranch(op) || Instructions.hasWideOffsets(op)) {
                hasSwitch |= Instructions.isSwitch(op);
                if (branches == branchOffsets.length) {
                    branchOffsets = Arrays.copyOf(branchOffsets, branches * 2);
                }
                branchOffsets[branches++] = pc;
            }
            pc += length;
        }
        return starts;
    }

    private TimeApi apiOf(int op, int[] pool, int ref) {
        int at = pool[ref];
        int nameAndType = pool[u2(b, at + 3)];
        return TimeApi.of(op, className(b, pool, pool[u2(b, at + 1)]), utf8(b, pool[u2(b, nameAndType + 1)]),
                utf8(b, pool[u2(b, nameAndType + 3)]));
    }

    private void addSite(int pc, TimeApi api, int[] pool, int ref, int instruction) {
        if (sites == siteOffsets.length) {
            int grown = sites * 2;
            siteOffsets = Arrays.copyOf(siteOffsets, grown);
            inserted = Arrays.copyOf(inserted, grown);
            apis = Arrays.copyOf(apis, grown);
            ownerClasses = Arrays.copyOf(ownerClasses, grown);
            instructions = Arrays.copyOf(instructions, grown);
        }
        siteOffsets[sites] = pc;
        apis[sites] = api;
        ownerClasses[sites] = u2(b, pool[ref] + 1);
        instructions[sites] = instruction;
        sites++;
    }

    /** The Code attribute's own attributes: only those whose offsets this class knows how to move. */
    private void readAttributes(int[] pool, boolean[] starts) throws CallSitePatcher.CannotPatch {
        int[] lineAt = null; // per instruction start, the line its last line-number entry gives it, else -1
        int pos = exceptionTable() + 8 * u2(b, exceptionTable() - 2);
        int count = u2(b, pos);
        attributeKinds = new int[count];
        pos += 2;
        for (int a = 0; a < count; a++) {
            String attributeName = utf8(b, pool[u2(b, pos)]);
            int length = u4(b, pos + 2);
            switch (attributeName) {
                case "LineNumberTable":
                    attributeKinds[a] = LINE_NUMBERS;
                    checkEntries(pos, length, 4);
                    if (lineAt == null) {
                        lineAt = new int[codeLength];
                        Arrays.fill(lineAt, -1);
                    }
                    readLines(pos + 6, starts, lineAt);
                    break;
                case "StackMapTable":
                    if (stackMapTable != null) {
                        throw new CallSitePatcher.CannotPatch("two stack map tables");
                    }
                    attributeKinds[a] = STACK_MAP;
                    stackMapAt = pos;
                    stackMapTable = StackMapFrames.shift(b, pos + 6, length, this);
                    break;
                case "LocalVariableTable":
                case "LocalVariableTypeTable":
                    attributeKinds[a] = LOCAL_VARIABLES;
                    checkEntries(pos, length, 10);
                    break;
                default: // type annotations and unknown attributes may hold offsets too
                    throw new CallSitePatcher.CannotPatch("code attribute " + attributeName);
            }
            pos += 6 + length;
        }
        if (pos != attributeEnd) {
            throw new CallSitePatcher.CannotPatch("Code attribute length");
        }
        lines = siteLines(lineAt);
    }

    /**
     * A class the JVM does not verify (by default, the boot loader's) may hold a table whose length and entry count
     * disagree.
     */
    private void checkEntries(int attributePos, int length, int entrySize) throws CallSitePatcher.CannotPatch {
        if (length != 2 + entrySize * u2(b, attributePos + 6)) {
            throw new CallSitePatcher.CannotPatch("table length");
        }
    }

    /** Records, per instruction start, the line of the last entry there (ASM ignores entries inside instructions). */
    private void readLines(int table, boolean[] starts, int[] lineAt) {
        int entries = u2(b, table);
        for (int e = 0; e < entries; e++) {
            int startPc = u2(b, table + 2 + 4 * e);
            if (startPc < codeLength && starts[startPc]) {
                lineAt[startPc] = u2(b, table + 4 + 4 * e);
            }
        }
    }

    /** Each site's line: that of the closest instruction start at or before it that has one, as ASM reports it. */
    private int[] siteLines(int[] lineAt) {
        int[] result = new int[sites];
        int line = -1;
        int pc = 0;
        for (int s = 0; s < sites; s++) {
            for (; lineAt != null && pc <= siteOffsets[s]; pc++) {
                if (lineAt[pc] >= 0) {
                    line = lineAt[pc];
                }
            }
            result[s] = line;
        }
        return result;
    }

    private void checkBranches() throws CallSitePatcher.CannotPatch {
        if (shift(codeLength) > 0xFFFF) {
            throw new CallSitePatcher.CannotPatch("code would exceed 64 KiB");
        }
        if (u2(b, attribute + 6) + EXTRA_STACK > 0xFFFF) {
            throw new CallSitePatcher.CannotPatch("max_stack would exceed 65535");
        }
        for (int i = 0; i < branches; i++) {
            int pc = branchOffsets[i];
            if (Instructions.hasShortBranch(u1(b, code + pc))) {
                int offset = shift(pc + s2(b, code + pc + 1)) - shift(pc);
                if (offset != (short) offset) {
                    throw new CallSitePatcher.CannotPatch("a branch would exceed 16 bits");
                }
            }
        }
    }

    /** Where the instruction at {@code pc} of the original code is in the new one (at a site: the padding's start). */
    int shift(int pc) {
        int before = Arrays.binarySearch(siteOffsets, 0, sites, pc); // the sites before pc, which alone move it
        before = before >= 0 ? before : -before - 1;
        return pc + (before == 0 ? 0 : insertedUpTo[before - 1]);
    }

    private int exceptionTable() {
        return code + codeLength + 2;
    }

    /** Writes the new Code attribute. */
    void write(ByteSink out, PoolAdditions pool) {
        out.u2(u2(b, attribute));
        int lengthAt = out.size();
        out.u4(0);
        out.u2(u2(b, attribute + 6) + EXTRA_STACK);
        out.u2(u2(b, attribute + 8));
        out.u4(shift(codeLength));
        int newCode = out.size();
        writeCode(out, pool);
        fixBranches(out, newCode);

        int table = exceptionTable();
        int handlers = u2(b, table - 2);
        out.u2(handlers);
        for (int h = 0; h < handlers; h++) {
            int entry = table + 8 * h;
            out.u2(shift(u2(b, entry)));
            out.u2(shift(u2(b, entry + 2)));
            out.u2(shift(u2(b, entry + 4)));
            out.u2(u2(b, entry + 6));
        }
        int pos = table + 8 * handlers;
        int count = u2(b, pos);
        out.u2(count);
        pos += 2;
        for (int a = 0; a < count; a++) {
            int length = u4(b, pos + 2);
            if (attributeKinds[a] == STACK_MAP) {
                out.u2(u2(b, pos));
                out.u4(stackMapTable.length);
                out.bytes(stackMapTable, 0, stackMapTable.length);
            } else {
                writeRangeTable(out, pos, length, attributeKinds[a] == LOCAL_VARIABLES);
            }
            pos += 6 + length;
        }
        out.set4(lengthAt, out.size() - lengthAt - 4);
    }

    /** LineNumberTable (start_pc, line), LocalVariableTable and LocalVariableTypeTable (start_pc, length, ...). */
    private void writeRangeTable(ByteSink out, int pos, int length, boolean localVariables) {
        out.bytes(b, pos, 6 + length);
        int entries = u2(b, pos + 6);
        int entrySize = localVariables ? 10 : 4;
        int written = out.size() - length + 2;
        for (int e = 0; e < entries; e++) {
            int entry = pos + 8 + entrySize * e;
            int start = u2(b, entry);
            out.set2(written + entrySize * e, shift(start));
            if (localVariables) { // the range ends at start + length
                out.set2(written + entrySize * e + 2, shift(start + u2(b, entry + 2)) - shift(start));
            }
        }
    }

    private void writeCode(ByteSink out, PoolAdditions pool) {
        int copied = 0;
        for (int s = 0; s < sites; s++) {
            int pc = siteOffsets[s];
            out.bytes(b, code + copied, pc - copied);
            TimeApi api = apis[s];
            int original = originalLength(s);
            int id = ids[s];
            int push = pushLength(id);
            for (int pad = original + inserted[s] - replacementLength(s, push); pad > 0; pad--) {
                out.u1(Instructions.NOP);
            }
            if (push == 2) {
                out.u1(Instructions.BIPUSH);
                out.u1(id);
            } else if (id >= Short.MIN_VALUE && id <= Short.MAX_VALUE) {
                out.u1(Instructions.SIPUSH);
                out.u2(id);
            } else {
                out.u1(Instructions.LDC_W);
                out.u2(pool.integer(id));
            }
            out.u1(Instructions.INVOKESTATIC);
            out.u2(pool.stubMethod(api));
            if (api.isConstructor()) {
                out.u1(Instructions.INVOKESPECIAL);
                out.u2(pool.constructorTakingLong(ownerClasses[s]));
            }
            copied = pc + original;
        }
        out.bytes(b, code + copied, codeLength - copied);
    }

    /** Rewrites every branch and switch offset of the copied code: each is relative to its instruction. */
    private void fixBranches(ByteSink out, int newCode) {
        for (int i = 0; i < branches; i++) {
            int pc = branchOffsets[i];
            int moved = shift(pc);
            if (Instructions.hasShortBranch(u1(b, code + pc))) {
                out.set2(newCode + moved + 1, shift(pc + s2(b, code + pc + 1)) - moved);
            } else {
                for (int position : Instructions.wideOffsetPositions(b, code, pc)) {
                    int target = pc + u4(b, code + position);
                    out.set4(newCode + moved + (position - pc), shift(target) - moved);
                }
            }
        }
    }
}
