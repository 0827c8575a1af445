package io.github.vdsoagent.testing;

/** Java's backslash-u escapes in test table text, so a table can hold characters an editor would hide. */
public final class Escapes {
    private Escapes() {
    }

    public static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\u", i)) {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(s.charAt(i));
            }
        }
        return out.toString();
    }
}
