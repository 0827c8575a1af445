package io.github.vdsoagent.it;

import io.github.vdsoagent.testing.Cli;
import io.github.vdsoagent.testing.JavaProcess;
import io.github.vdsoagent.testing.TargetJvm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Twenty attach/detach cycles on one JVM: no double counting, and the JVM does not grow with the cycles. */
class RepeatedAttachIT {
    private static final int CYCLES = 20;

    @Test
    void everyCycleCountsExactlyItsOwnCallsAndClassesStayBounded() throws Exception {
        try (TargetJvm target = TargetJvm.start()) {
            long classesAfterSecond = 0;
            long classesAfterLast = 0;
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                JavaProcess attach = Cli.inThisJvm("attach", target.pid()); // the CLI's JVM: AttachLifecycleIT
                assertEquals(0, attach.exitCode, attach::toString);
                long classes = target.run(1000 + cycle);
                assertEquals(1000 + cycle, AttachLifecycleIT.nanoTimeLoopCalls(AttachLifecycleIT.report(target)),
                        "cycle " + cycle + " counts its own calls only");
                JavaProcess detach = Cli.detachInThisJvm(target.pid());
                assertEquals(0, detach.exitCode, detach::toString);
                target.run(5); // not counted anywhere
                if (cycle == 2) {
                    classesAfterSecond = classes;
                }
                classesAfterLast = classes;
            }
            assertTrue(classesAfterLast - classesAfterSecond < 200, "loaded classes grew from " + classesAfterSecond
                    + " to " + classesAfterLast + " over " + (CYCLES - 2) + " cycles");
        }
    }
}
