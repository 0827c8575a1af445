package io.github.vdsoagent.agent;

import io.github.vdsoagent.boot.CallCounter;
import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.vdso.ThisProcessVdso;
import org.slf4j.Logger;

/**
 * Work the agent's first start hands to a daemon thread of its own, so that the host's threads need not do it later:
 * linking the call counting's method handles, which the application's first rewritten call would otherwise do (it
 * spins their classes: that first call took 0.8 ms longer on JDK 17, 2.5 ms on JDK 25); and, for a -javaagent JVM
 * that reports at exit, reading the vDSO the report shows (no native code) and the pid. A JVM that ends at once
 * (hello world) would otherwise do that in its exit hook, and the rest of premain leaves the second core mostly idle
 * (docs/design/start-up.md).
 */
final class AheadOfUse implements Runnable {
    private static final Logger log = AgentLog.get(AheadOfUse.class);

    private final boolean exitReport;

    private AheadOfUse(boolean exitReport) {
        this.exitReport = exitReport;
    }

    static void start(boolean exitReport) {
        Thread thread = new Thread(new AheadOfUse(exitReport), "vdso-agent-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            CallCounter.linkAhead();
            log.debug(CallCounter.countsVirtualThreadsOnCarriers() ? "counting: virtual threads count on their carriers"
                    : "counting: virtual threads, if any, share atomic counts (the JDK names no carrier here)");
        } catch (RuntimeException | LinkageError e) {
            log.debug("the first counted call will link the counting itself", e);
        }
        if (!exitReport) {
            return;
        }
        try {
            ThisProcessVdso.resolveNow();
            HostFacts.pid();
        } catch (RuntimeException | LinkageError e) {
            log.debug("the exit report will read the vDSO and the pid itself", e);
        }
    }
}
