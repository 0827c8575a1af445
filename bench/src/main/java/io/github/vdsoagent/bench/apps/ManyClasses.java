package io.github.vdsoagent.bench.apps;

import java.util.List;

/**
 * The start-up figure's larger application: loads (without initializing) every class of the jars named on the
 * command line, which must be on the class path too: a few thousand real library classes, as an application's
 * start-up does. Usage: {@code ManyClasses JAR...}
 */
public final class ManyClasses {
    private ManyClasses() {
    }

    public static void main(String[] args) throws Exception {
        List<String> names = ClassJars.classNames(args, 0);
        int loaded = ClassJars.load(names, ManyClasses.class.getClassLoader(), 0);
        System.out.println("ManyClasses: loaded " + loaded + " of " + names.size() + " classes; "
                + java.lang.management.ManagementFactory.getClassLoadingMXBean().getLoadedClassCount()
                + " classes loaded in the JVM");
    }
}
