package io.github.vdsoagent.bench.apps;

import io.github.vdsoagent.bench.gen.SiteClasses;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.function.LongSupplier;

/**
 * The bytes-per-call-site figure's application: generates and loads {@code CLASSES} classes of {@code METHODS}
 * one-site methods each (plus one site in each getAsLong), calls every site once, prints {@code READY pid} and
 * waits until the file STOP exists, so that jcmd can measure its heap and metaspace. With {@code time}, every
 * site calls System.nanoTime() (the agent rewrites and registers each); with {@code control}, the same shape
 * calls a method that is not a time API.
 *
 * <p>Usage: {@code SitesMemory CLASSES METHODS time|control STOP}
 */
public final class SitesMemory {
    static LongSupplier[] keep;
    static LongSupplier[] warm;

    private SitesMemory() {
    }

    public static void main(String[] args) throws Exception {
        int classes = Integer.parseInt(args[0]);
        int methods = Integer.parseInt(args[1]);
        boolean time = args[2].equals("time");
        // Both variants first load one class with 10 time sites: the agent's one-time costs (its rewriting code,
        // the stub, the counters) are then in both, and the difference is what the sites themselves cost.
        warm = SiteClasses.load("io.github.vdsoagent.bench.apps.gen.Warm", 1, 10, true);
        keep = SiteClasses.load("io.github.vdsoagent.bench.apps.gen.Sites", classes, methods, time);
        System.out.println("READY " + ProcessHandle.current().pid() + " " + classes * (methods + 1) + " sites");
        System.out.flush();
        while (!Files.exists(Paths.get(args[3]))) {
            Thread.sleep(50);
        }
    }
}
