package io.github.vdsoagent.kernel;

/**
 * A host application for KernelCheckIT: reads the clock, gives the agent's background work time to finish, then
 * prints what JNA leaves behind in a JVM it was loaded into (it must not be: the agent keeps it out of its host).
 */
public final class HostTraces {
    private HostTraces() {
    }

    public static void main(String[] args) throws InterruptedException {
        long sum = 0;
        for (int i = 0; i < 1000; i++) {
            sum += System.nanoTime();
        }
        Thread.sleep(Long.parseLong(args.length > 0 ? args[0] : "500"));
        System.out.println("jna.loaded=" + System.getProperty("jna.loaded") + " jnidispatch.path="
                + System.getProperty("jnidispatch.path") + " sum=" + (sum != 0));
    }
}
