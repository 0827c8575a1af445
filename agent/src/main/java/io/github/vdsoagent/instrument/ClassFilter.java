package io.github.vdsoagent.instrument;

import io.github.vdsoagent.options.ClassGlob;

import java.util.List;

/**
 * Which classes the agent may rewrite, by name: never the JDK's, nor the agent's classes that live in shared class
 * loaders (the launcher, the boot-path stub) or its relocated dependencies; of the rest, those matching an include=
 * pattern (all, if none is given) and no exclude= pattern. The agent's other classes are recognised by their class
 * loader instead (see {@link TimeCallTransformer}), so that an application in the agent's package namespace, such
 * as the demo, is instrumented like any other.
 */
public final class ClassFilter {
    /** Internal-form prefixes that are never rewritten. */
    private static final String[] NEVER = {
        "java/", "javax/", "jdk/", "sun/", "com/sun/",
        "io/github/vdsoagent/launcher/", "io/github/vdsoagent/boot/", "io/github/vdsoagent/shaded/",
    };

    private final List<ClassGlob> include;
    private final List<ClassGlob> exclude;

    public ClassFilter(List<ClassGlob> include, List<ClassGlob> exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    /** @param internalName a class name as class files spell it, {@code com/acme/Foo$Bar} */
    public boolean accepts(String internalName) {
        for (String prefix : NEVER) {
            if (internalName.startsWith(prefix)) {
                return false;
            }
        }
        if (include.isEmpty() && exclude.isEmpty()) {
            return true;
        }
        String name = internalName.replace('/', '.');
        if (!include.isEmpty() && include.stream().noneMatch(g -> g.matches(name))) {
            return false;
        }
        return exclude.stream().noneMatch(g -> g.matches(name));
    }
}
