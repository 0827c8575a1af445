package io.github.vdsoagent.agent;

import io.github.vdsoagent.host.HostFacts;
import io.github.vdsoagent.log.AgentLog;
import io.github.vdsoagent.vdso.ThisProcessVdso;
import org.slf4j.Logger;

/**
 * Readies a -javaagent JVM's exit report on a daemon thread of its own, started as soon as premain has its options:
 * the vDSO the report shows (no native code) and the pid. A JVM that ends at once (hello world) would otherwise do
 * that work in its exit hook, and the rest of premain leaves the second core mostly idle
 * (docs/design/start-up.md).
 */
final class ExitReportReadiness implements Runnable {
    private static final Logger log = AgentLog.get(ExitReportReadiness.class);

    static void startAhead() {
        Thread thread = new Thread(new ExitReportReadiness(), "vdso-agent-exit-report");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            ThisProcessVdso.resolveNow();
            HostFacts.pid();
        } catch (RuntimeException | LinkageError e) {
            log.debug("the exit report will read the vDSO and the pid itself", e);
        }
    }
}
