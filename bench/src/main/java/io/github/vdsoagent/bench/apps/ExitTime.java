package io.github.vdsoagent.bench.apps;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the agent adds to a JVM's exit: runs {@link ExitStamp} without the agent and under each given agent option
 * string, in turn, ROUNDS times, and prints per configuration the median and spread of the time from the end of
 * main to the process gone (ms), and the median of the differences to the run without the agent of the same round.
 *
 * <p>Usage: {@code ExitTime JAVA AGENT_JAR ROUNDS LIFE_MS [JVM_ARG...] -- OPTIONS...}; each OPTIONS is a
 * {@code -javaagent} option string ({@code ""} for the defaults). The agent's report, on stderr, is discarded.
 */
public final class ExitTime {
    private ExitTime() {
    }

    public static void main(String[] args) throws Exception {
        String java = args[0];
        String agent = args[1];
        int rounds = Integer.parseInt(args[2]);
        String life = args[3];
        List<String> jvmArgs = new ArrayList<>();
        int i = 4;
        while (!args[i].equals("--")) {
            jvmArgs.add(args[i++]);
        }
        List<String> configs = new ArrayList<>();
        configs.add(null); // no agent
        configs.addAll(Arrays.asList(args).subList(i + 1, args.length));
        double[][] ms = new double[configs.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int c = 0; c < configs.size(); c++) {
                int k = r % 2 == 0 ? c : configs.size() - 1 - c; // alternate the order, round by round
                ms[k][r] = exitMs(java, agent, configs.get(k), jvmArgs, life);
            }
        }
        for (int c = 0; c < configs.size(); c++) {
            double[] diff = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                diff[r] = ms[c][r] - ms[0][r];
            }
            double[] sorted = ms[c].clone();
            Arrays.sort(sorted);
            String name = configs.get(c) == null ? "no agent" : "agent '" + configs.get(c) + "'";
            System.out.printf("exit %-40s median %7.1f ms [min %.1f max %.1f]  added vs no agent: median %+.1f ms%n",
                    name, median(ms[c]), sorted[0], sorted[rounds - 1], median(diff));
        }
    }

    private static double exitMs(String java, String agent, String options, List<String> jvmArgs, String life)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmArgs);
        if (options != null) {
            command.add("-javaagent:" + agent + (options.isEmpty() ? "" : "=" + options));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ExitStamp.class.getName());
        command.add(life);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(new File("/dev/null"))).start();
        String stamp;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            stamp = out.readLine();
            p.waitFor();
        }
        long gone = System.nanoTime();
        if (stamp == null || p.exitValue() != 0) {
            throw new IllegalStateException("run failed (exit " + p.exitValue() + "): " + command);
        }
        return (gone - Long.parseLong(stamp.trim())) / 1e6;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
