package io.github.vdsoagent.instrument;

import static io.github.vdsoagent.instrument.ClassFileBytes.u1;
import static io.github.vdsoagent.instrument.ClassFileBytes.u2;

/**
 * Re-encodes a StackMapTable for code into which bytes were inserted (JVMS 4.7.4). A frame's position is a delta
 * from the previous frame's, and an uninitialized value's type names the offset of its {@code new}: both are
 * moved. A delta that outgrows the one-byte forms (same_frame, same_locals_1_stack_item) takes the extended form.
 */
final class StackMapFrames {
    private static final int SAME_LOCALS_1_STACK_ITEM = 64;
    private static final int SAME_LOCALS_1_STACK_ITEM_EXTENDED = 247;
    private static final int SAME_FRAME_EXTENDED = 251;
    private static final int FULL_FRAME = 255;
    private static final int ITEM_OBJECT = 7;
    private static final int ITEM_UNINITIALIZED = 8;

    private StackMapFrames() {
    }

    /** The attribute's new content (what follows its length) for the frames at {@code table}. */
    static byte[] shift(byte[] b, int table, int length, MethodPatch patch) throws CallSitePatcher.CannotPatch {
        ByteSink out = new ByteSink(length + 16);
        int frames = u2(b, table);
        out.u2(frames);
        int pos = table + 2;
        int oldOffset = -1;
        int newOffset = -1;
        for (int f = 0; f < frames; f++) {
            int type = u1(b, pos);
            int delta;
            int body; // where the frame's content after its delta begins
            if (type < SAME_LOCALS_1_STACK_ITEM * 2) {
                delta = type % SAME_LOCALS_1_STACK_ITEM;
                body = pos + 1;
            } else if (type >= SAME_LOCALS_1_STACK_ITEM_EXTENDED) {
                delta = u2(b, pos + 1);
                body = pos + 3;
            } else {
                throw new CallSitePatcher.CannotPatch("stack map frame type " + type);
            }
            oldOffset += delta + 1;
            int moved = patch.shift(oldOffset);
            int newDelta = moved - newOffset - 1;
            newOffset = moved;
            if (type < SAME_LOCALS_1_STACK_ITEM) { // same_frame
                if (newDelta < SAME_LOCALS_1_STACK_ITEM) {
                    out.u1(newDelta);
                } else {
                    out.u1(SAME_FRAME_EXTENDED);
                    out.u2(newDelta);
                }
                pos = body;
            } else if (type < SAME_LOCALS_1_STACK_ITEM * 2) {
                if (newDelta < SAME_LOCALS_1_STACK_ITEM) {
                    out.u1(SAME_LOCALS_1_STACK_ITEM + newDelta);
                } else {
                    out.u1(SAME_LOCALS_1_STACK_ITEM_EXTENDED);
                    out.u2(newDelta);
                }
                pos = copyTypes(b, body, 1, out, patch);
            } else {
                out.u1(type);
                out.u2(newDelta);
                pos = copyFrameBody(b, type, body, out, patch);
            }
        }
        if (pos != table + length) {
            throw new CallSitePatcher.CannotPatch("stack map table length");
        }
        return out.toByteArray();
    }

    private static int copyFrameBody(byte[] b, int type, int pos, ByteSink out, MethodPatch patch)
            throws CallSitePatcher.CannotPatch {
        if (type == SAME_LOCALS_1_STACK_ITEM_EXTENDED) {
            return copyTypes(b, pos, 1, out, patch);
        }
        if (type <= SAME_FRAME_EXTENDED) { // chop frames and same_frame_extended: nothing after the delta
            return pos;
        }
        if (type < FULL_FRAME) { // append_frame: type - 251 locals
            return copyTypes(b, pos, type - SAME_FRAME_EXTENDED, out, patch);
        }
        int locals = u2(b, pos);
        out.u2(locals);
        pos = copyTypes(b, pos + 2, locals, out, patch);
        int stack = u2(b, pos);
        out.u2(stack);
        return copyTypes(b, pos + 2, stack, out, patch);
    }

    private static int copyTypes(byte[] b, int pos, int count, ByteSink out, MethodPatch patch)
            throws CallSitePatcher.CannotPatch {
        for (int i = 0; i < count; i++) {
            int tag = u1(b, pos);
            out.u1(tag);
            if (tag == ITEM_OBJECT) {
                out.u2(u2(b, pos + 1));
                pos += 3;
            } else if (tag == ITEM_UNINITIALIZED) {
                out.u2(patch.shift(u2(b, pos + 1)));
                pos += 3;
            } else if (tag < ITEM_OBJECT) {
                pos += 1;
            } else {
                throw new CallSitePatcher.CannotPatch("verification type " + tag);
            }
        }
        return pos;
    }
}
