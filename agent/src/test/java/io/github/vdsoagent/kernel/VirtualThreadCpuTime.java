package io.github.vdsoagent.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A host application for KernelCheckIT (JDK 21+): thread CPU time asked for on a virtual thread, where the JDK
 * answers -1 without any system call, while the report attributes one clock_gettime to each call from the clock's
 * measured verdict. A real misattribution, for the kernel check to catch. (Built for Java 17: the virtual thread is
 * made by reflection.)
 */
public final class VirtualThreadCpuTime {
    private VirtualThreadCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int calls = Integer.parseInt(args[0]);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long[] sum = new long[1];
        Runnable work = () -> {
            for (int i = 0; i < calls; i++) {
                sum[0] += bean.getCurrentThreadCpuTime();
            }
        };
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Thread thread = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
                .invoke(builder, work);
        thread.join();
        System.out.println("sum=" + sum[0]);
    }
}
