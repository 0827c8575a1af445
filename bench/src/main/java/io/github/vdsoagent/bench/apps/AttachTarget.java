package io.github.vdsoagent.bench.apps;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The attach figure's target. Loads library classes until the JVM has {@code CLASSES} loaded classes, then runs:
 * <ul>
 * <li>a worker calling {@link #tick()} (one {@code System.nanoTime()} call site) about every 200 us;</li>
 * <li>a heartbeat thread that sleeps 1 ms at a time, records every gap longer than 2 ms between two wake-ups
 * (the pauses this JVM's threads see), and watches the agent's boot-loader counter: the first time
 * {@code CallCounter.trackedThreads()} is above 0, a call was counted, and it prints when, in epoch microseconds.</li>
 * </ul>
 * It prints {@code READY pid classes epochMicros} when loaded; it stops when the file STOP exists, printing every
 * recorded gap as {@code GAP endEpochMicros gapMicros}.
 *
 * <p>Usage: {@code java -Dbench.agentJar=AGENT_JAR ... AttachTarget CLASSES STOP JAR...} (the jars on the class path too)
 */
public final class AttachTarget {
    private static final int MAX_GAPS = 100_000;
    private static final long[] gapEnds = new long[MAX_GAPS];
    private static final long[] gapLengths = new long[MAX_GAPS];
    private static volatile int gaps;
    private static volatile long firstCounted;
    private static volatile boolean stopping;
    static volatile long sink;

    private AttachTarget() {
    }

    /** The call site the agent rewrites at attach; counted from then on. */
    static long tick() {
        return System.nanoTime();
    }

    public static void main(String[] args) throws Exception {
        int classes = Integer.parseInt(args[0]);
        Path stop = Paths.get(args[1]);
        List<String> names = ClassJars.classNames(args, 2);
        ClassJars.load(names, AttachTarget.class.getClassLoader(), classes);
        int count = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();

        Thread worker = new Thread(AttachTarget::work, "worker");
        worker.setDaemon(true);
        worker.start();
        Thread heartbeat = new Thread(AttachTarget::heartbeat, "heartbeat");
        heartbeat.setDaemon(true);
        heartbeat.setPriority(Thread.MAX_PRIORITY);
        heartbeat.start();

        PrintStream out = System.out;
        out.println("READY " + ProcessHandle.current().pid() + " " + count + " " + epochMicros());
        out.flush();
        boolean reported = false;
        while (!Files.exists(stop)) {
            if (!reported && firstCounted != 0) {
                out.println("FIRST_COUNTED " + firstCounted);
                out.flush();
                reported = true;
            }
            Thread.sleep(20);
        }
        stopping = true;
        heartbeat.join();
        if (!reported && firstCounted != 0) {
            out.println("FIRST_COUNTED " + firstCounted);
        }
        for (int i = 0; i < gaps; i++) {
            out.println("GAP " + gapEnds[i] + " " + gapLengths[i]);
        }
        out.println("LOADED " + ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
        out.flush();
    }

    private static void work() {
        while (true) {
            sink += tick();
            LockSupport.parkNanos(200_000);
        }
    }

    private static void heartbeat() {
        long last = System.nanoTime();
        while (!stopping) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long gap = now - last;
            last = now;
            if (gap > 2_000_000L && gaps < MAX_GAPS) {
                gapEnds[gaps] = epochMicros();
                gapLengths[gaps] = gap / 1000;
                gaps++;
            }
            if (firstCounted == 0 && counted()) {
                firstCounted = epochMicros();
            }
        }
    }

    private static java.lang.reflect.Method trackedThreads;
    private static List<String> bootClasses;

    /**
     * Whether the agent has counted a call yet (its boot-loader counter tracks a thread). The counter is touched
     * only once every class of the agent's boot package is defined: initializing it while the agent is still
     * defining them would fail its initialization (and the attach) for good.
     */
    private static boolean counted() {
        try {
            if (trackedThreads == null) {
                if (bootClasses == null) {
                    bootClasses = bootClassNames(System.getProperty("bench.agentJar"));
                }
                for (String name : bootClasses) {
                    Class.forName(name, false, null);
                }
                Class<?> counter = Class.forName("io.github.vdsoagent.boot.CallCounter", false, null);
                trackedThreads = counter.getMethod("trackedThreads");
            }
            return (int) trackedThreads.invoke(null) > 0;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static List<String> bootClassNames(String agentJar) {
        List<String> names = new java.util.ArrayList<>();
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(agentJar)) {
            jar.stream().map(java.util.jar.JarEntry::getName)
                    .filter(n -> n.startsWith("io/github/vdsoagent/boot/") && n.endsWith(".class"))
                    .forEach(n -> names.add(n.substring(0, n.length() - 6).replace('/', '.')));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("-Dbench.agentJar must name the agent jar: " + agentJar, e);
        }
        return names;
    }

    private static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
