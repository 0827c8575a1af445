package io.github.vdsoagent.bench.apps;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * The memory figure's application: runs the demo app's main in this JVM (the demo jar on the class path), then,
 * its work done and its own data garbage, prints {@code READY pid} and waits until the file STOP exists, so that
 * jcmd measures the heap and metaspace at a quiet point where what the agent keeps (call-site registry, counters,
 * its classes) is still there. Measuring the demo while it runs mostly measures where its loops happen to be.
 *
 * <p>Usage: {@code DemoThenWait STOP DEMO-ARGS...}
 */
public final class DemoThenWait {
    private DemoThenWait() {
    }

    public static void main(String[] args) throws Exception {
        String[] demoArgs = new String[args.length - 1];
        System.arraycopy(args, 1, demoArgs, 0, demoArgs.length);
        Method main = Class.forName("io.github.vdsoagent.demo.DemoApp").getMethod("main", String[].class);
        main.invoke(null, (Object) demoArgs);
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        while (!Files.exists(Paths.get(args[0]))) {
            Thread.sleep(50);
        }
    }
}
