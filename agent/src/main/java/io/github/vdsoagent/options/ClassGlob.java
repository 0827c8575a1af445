package io.github.vdsoagent.options;

import java.util.regex.Pattern;

/**
 * A class-name pattern for include= and exclude=: {@code *} matches within one package level, {@code **} across
 * levels, {@code ?} one character. {@code com.acme.*} matches {@code com.acme.Foo} and {@code com.acme.Foo$Bar}
 * but not {@code com.acme.web.Foo}; {@code com.acme.**} matches all of them.
 */
public final class ClassGlob {
    private static final Pattern ALLOWED = Pattern.compile("[\\p{javaJavaIdentifierPart}.*?$]+");

    private final String text;
    private final Pattern regex;

    private ClassGlob(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    public static ClassGlob parse(String text) throws OptionException {
        if (text.isEmpty() || !ALLOWED.matcher(text).matches()) {
            throw new OptionException("'" + text + "' is not a class-name pattern: use names with . and the wildcards * ** ?");
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^.]*");
            } else if (c == '?') {
                re.append("[^.]");
            } else if (c == '.' || c == '$') {
                re.append('\\').append(c);
            } else {
                re.append(c);
            }
        }
        return new ClassGlob(text, Pattern.compile(re.toString()));
    }

    /** @param className a dotted binary name, such as {@code com.acme.Foo$Bar} */
    public boolean matches(String className) {
        return regex.matcher(className).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
