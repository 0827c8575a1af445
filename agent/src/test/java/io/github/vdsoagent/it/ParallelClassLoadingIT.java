package io.github.vdsoagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.vdsoagent.fixtures.ParallelLoadApp;
import io.github.vdsoagent.testing.AgentRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Many distinct classes with time calls, loaded at once by eight threads through two parallel-capable class loaders
 * under the agent: no LinkageError or duplicate definition, every class rewritten, every site counted exactly.
 */
class ParallelClassLoadingIT {
    private static final int CLASSES = 150;
    private static final int THREADS = 8;
    private static final int CALLS = 3;
    private static final int LOADERS = 2;

    @Test
    void everyClassLoadedInParallelIsRewrittenAndCountedExactly(@TempDir Path dir) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/parallel/gen"));
        for (int i = 0; i < CLASSES; i++) {
            Files.write(classes.resolve("Timed" + i + ".class"), timedClass("parallel/gen/Timed" + i));
        }
        AgentRun run = AgentRun.run(dir.resolve("r.json"), "top=10000", "-cp", AgentRun.testClasses(),
                ParallelLoadApp.class.getName(), dir.resolve("classes").toString(), Integer.toString(CLASSES),
                Integer.toString(THREADS), Integer.toString(CALLS));
        assertEquals(0, run.process.exitCode, run.process::toString);
        assertEquals("loaded " + CLASSES * LOADERS + " errors=0", run.process.stdout.trim(), run.process::toString);
        assertFalse(run.process.stderr.contains("Error"), run.process.stderr);

        Map<String, Long> callsByClassAndApi = new HashMap<>();
        for (JsonNode site : run.sites()) {
            if (site.get("class").asText().startsWith("parallel.gen.")) {
                callsByClassAndApi.merge(site.get("class").asText() + " " + site.get("api").asText(),
                        site.get("calls").asLong(), Long::sum);
            }
        }
        for (int i = 0; i < CLASSES; i++) {
            for (String api : new String[]{"java.lang.System.nanoTime", "java.lang.System.currentTimeMillis"}) {
                assertEquals(Long.valueOf((long) LOADERS * THREADS * CALLS),
                        callsByClassAndApi.get("parallel.gen.Timed" + i + " " + api), "Timed" + i + " " + api);
            }
        }
        assertEquals(CLASSES * 2, callsByClassAndApi.size(), "no other generated sites");
    }

    /** {@code public final class NAME { public static long tick() { return System.nanoTime() + System.currentTimeMillis(); } }} */
    private static byte[] timedClass(String internalName) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, internalName, null,
                "java/lang/Object", null);
        cw.visitSource(internalName.substring(internalName.lastIndexOf('/') + 1) + ".java", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "tick", "()J", null, null);
        mv.visitCode();
        line(mv, 10);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
        line(mv, 11);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "currentTimeMillis", "()J", false);
        mv.visitInsn(Opcodes.LADD);
        mv.visitInsn(Opcodes.LRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static void line(MethodVisitor mv, int line) {
        Label label = new Label();
        mv.visitLabel(label);
        mv.visitLineNumber(line, label);
    }
}
