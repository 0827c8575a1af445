package io.github.vdsoagent.agent;

import java.util.List;

/**
 * JVMs the agent stays out of, silently, when it is started for every JVM (JAVA_TOOL_OPTIONS=-javaagent:...): the
 * JDK's own tools, such as jcmd, jps and javac, and vdso-agent's own CLI, which never instruments itself.
 */
final class JdkTools {
    private static final List<String> JDK_MAIN_PREFIXES = List.of("sun.tools.", "com.sun.tools.", "jdk.", "sun.jvm.");

    private JdkTools() {
    }

    static boolean isOne() {
        return isOne(System.getProperty("sun.java.command", ""), System.getProperty("jdk.module.main"));
    }

    /**
     * @param command    the sun.java.command property: the main class (or jar) and its arguments
     * @param mainModule the jdk.module.main property, set when the main class came from a module
     */
    static boolean isOne(String command, String mainModule) {
        if (mainModule != null && mainModule.startsWith("jdk.")) {
            return true;
        }
        String main = firstWord(command.trim());
        if (main.endsWith(".jar")) {
            String fileName = main.substring(main.lastIndexOf('/') + 1);
            return fileName.startsWith("vdso-agent");
        }
        String mainClass = main.contains("/") ? main.substring(main.indexOf('/') + 1) : main;
        for (String prefix : JDK_MAIN_PREFIXES) {
            if (mainClass.startsWith(prefix)) {
                return true;
            }
        }
        return mainClass.startsWith("io.github.vdsoagent.launcher.");
    }

    /**
     * Up to the first ASCII whitespace, as {@code split("\\s+")} would cut it; a path may hold other spaces. No
     * regular expression or stream here: this runs at premain, where their first use costs milliseconds.
     */
    private static String firstWord(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (" \t\n\u000B\f\r".indexOf(text.charAt(i)) >= 0) {
                return text.substring(0, i);
            }
        }
        return text;
    }
}
