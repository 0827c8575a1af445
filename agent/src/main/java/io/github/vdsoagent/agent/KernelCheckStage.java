package io.github.vdsoagent.agent;

import io.github.vdsoagent.kernel.KernelCheckSession;
import io.github.vdsoagent.options.KernelCheckMode;
import io.github.vdsoagent.setup.SetupPipeline;
import io.github.vdsoagent.setup.Stage;

import java.util.Collection;
import java.util.Map;

/**
 * The set-up stage that opens the kernel check: the seccomp probe's first probe ({@code kernelcheck=seccomp}), or the
 * kernel's counters of this process's time system calls ({@code kernelcheck=perf}).
 */
final class KernelCheckStage implements Stage {
    private final KernelCheckSession kernel;
    private final KernelCheckMode mode;
    private final Map<String, Long> tracepoints;
    private final Collection<String> syscalls;

    KernelCheckStage(KernelCheckSession kernel, KernelCheckMode mode, Map<String, Long> tracepoints,
                     Collection<String> syscalls) {
        this.kernel = kernel;
        this.mode = mode;
        this.tracepoints = tracepoints;
        this.syscalls = syscalls;
    }

    @Override
    public String name() {
        return "kernel check";
    }

    @Override
    public void run(SetupPipeline pipeline) {
        if (mode == KernelCheckMode.PERF) {
            kernel.open(tracepoints, syscalls);
        } else {
            kernel.openSeccomp();
        }
    }
}
