package io.github.vdsoagent.bench.runner;

import org.openjdk.jmh.util.ListStatistics;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders the per-call figures: ns/op with 99.9% error bars, ratios against the no-agent JVM, targets. */
final class Table {
    private Table() {
    }

    /** One compared figure: {@code agentConfig benchmark} over {@code baseConfig baseBenchmark}. */
    private static final class Row {
        final String figure;
        final String base;
        final String agent;
        final double target; // NaN: a contrast, no target

        Row(String figure, String base, String agent, double target) {
            this.figure = figure;
            this.base = base;
            this.agent = agent;
            this.target = target;
        }
    }

    static String render(List<BenchMain.Config> configs, Map<String, ListStatistics> stats,
                         Map<String, List<Double>> forkMeans, List<String> checks, int feature) {
        String c = BenchMain.CALLS;
        List<Row> stackRows = new java.util.ArrayList<>();
        String[][] single = {{"nanoTime", "System.nanoTime()"}, {"currentTimeMillis", "System.currentTimeMillis()"},
            {"instantNow", "Instant.now()"}, {"localDateTimeNow", "LocalDateTime.now()"}};
        for (int every : BenchMain.STACKS) {
            for (String[] b : single) {
                stackRows.add(new Row(b[1] + ", clock=vdso, stacks=" + every + (every == 0 ? " (sampling off)" : ""),
                        "none " + c + b[0], "vdso-stacks" + every + " " + c + b[0], Double.NaN));
            }
        }
        Row[] fixed = {
            new Row("System.nanoTime(), clock=vdso", "none " + c + "nanoTime", "vdso " + c + "nanoTime", 1.10),
            new Row("System.currentTimeMillis(), clock=vdso", "none " + c + "currentTimeMillis", "vdso " + c + "currentTimeMillis", 1.10),
            new Row("Instant.now(), clock=vdso", "none " + c + "instantNow", "vdso " + c + "instantNow", 1.00),
            new Row("LocalDateTime.now(), clock=vdso", "none " + c + "localDateTimeNow", "vdso " + c + "localDateTimeNow", 1.00),
            new Row("System.nanoTime(), clock=jvm", "none " + c + "nanoTime", "jvm " + c + "nanoTime", 1.05),
            new Row("System.currentTimeMillis(), clock=jvm", "none " + c + "currentTimeMillis", "jvm " + c + "currentTimeMillis", 1.05),
            new Row("Instant.now(), clock=jvm", "none " + c + "instantNow", "jvm " + c + "instantNow", 1.05),
            new Row("LocalDateTime.now(), clock=jvm", "none " + c + "localDateTimeNow", "jvm " + c + "localDateTimeNow", 1.05),
            new Row("nanoTime, 2 threads on one site, clock=vdso", "none " + c + "nanoTimeTwoThreads", "vdso " + c + "nanoTimeTwoThreads", 1.25),
            new Row("nanoTime, 2 threads on one site, clock=jvm", "none " + c + "nanoTimeTwoThreads", "jvm " + c + "nanoTimeTwoThreads", 1.25),
            new Row("nanoTime at the last of 10,010 sites, clock=vdso", "none " + c + "nanoTimeTenThousandSites", "vdso " + c + "nanoTimeTenThousandSites", 1.10),
            new Row("nanoTime at the last of 10,010 sites, clock=jvm", "none " + c + "nanoTimeTenThousandSites", "jvm " + c + "nanoTimeTenThousandSites", 1.05),
            new Row("growth: 10,010 sites vs 1 generated site, both clock=vdso", "vdso " + c + "nanoTimeOneGeneratedSite", "vdso " + c + "nanoTimeTenThousandSites", 1.05),
            new Row("growth: 10,010 sites vs 1 generated site, both clock=jvm", "jvm " + c + "nanoTimeOneGeneratedSite", "jvm " + c + "nanoTimeTenThousandSites", 1.05),
            new Row("System.nanoTime(), clock=vdso, JFR recording (profile settings) on both", "none-jfr " + c + "nanoTime", "vdso-jfr " + c + "nanoTime", 1.10),
            new Row("System.currentTimeMillis(), clock=vdso, JFR recording (profile settings) on both", "none-jfr " + c + "currentTimeMillis", "vdso-jfr " + c + "currentTimeMillis", 1.10),
            new Row("System.currentTimeMillis(), coarse=wallclock", "none " + c + "currentTimeMillis", "coarse " + c + "currentTimeMillis", 0.50),
            new Row("Instant.now(), coarse=wallclock", "none " + c + "instantNow", "coarse " + c + "instantNow", 0.50),
            new Row("LocalDateTime.now(), coarse=wallclock (contrast)", "none " + c + "localDateTimeNow", "coarse " + c + "localDateTimeNow", Double.NaN),
            new Row("System.nanoTime(), clock=syscall (contrast)", "none " + c + "nanoTime", "syscall " + c + "nanoTime", Double.NaN),
            new Row("System.currentTimeMillis(), clock=syscall (contrast)", "none " + c + "currentTimeMillis", "syscall " + c + "currentTimeMillis", Double.NaN),
            new Row("Instant.now(), clock=syscall (contrast)", "none " + c + "instantNow", "syscall " + c + "instantNow", Double.NaN),
            new Row("LocalDateTime.now(), clock=syscall (contrast)", "none " + c + "localDateTimeNow", "syscall " + c + "localDateTimeNow", Double.NaN),
            new Row("agent's JNI read alone, no counting (contrast)", "none " + c + "nanoTime", "vdso " + c + "rawJniRead", Double.NaN),
            new Row("agent's FFM downcall alone, no counting (contrast)", "none " + c + "nanoTime", "vdso-ffm " + c + "rawFfmRead", Double.NaN),
            new Row("JNA direct-mapped clock_gettime (contrast)", "none " + c + "nanoTime", "none " + BenchMain.JNA + "jnaDirect", Double.NaN),
            new Row("JNA interface-mapped clock_gettime (contrast)", "none " + c + "nanoTime", "none " + BenchMain.JNA + "jnaInterface", Double.NaN),
        };
        List<Row> rows = new java.util.ArrayList<>(java.util.Arrays.asList(fixed));
        rows.addAll(stackRows);
        StringBuilder sb = new StringBuilder();
        sb.append("JDK ").append(System.getProperty("java.version")).append(" (feature ").append(feature).append(")\n\n");
        for (String check : checks) {
            sb.append("- count check: ").append(check).append('\n');
        }
        sb.append('\n');
        sb.append("| figure | baseline ns/op | agent ns/op | ratio of means | ratio of medians | target | verdict | fork means (agent) |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            ListStatistics b = stats.get(row.base);
            ListStatistics a = stats.get(row.agent);
            if (b == null || a == null) {
                continue;
            }
            double ratio = a.getMean() / b.getMean();
            double ratioErr = ratio * Math.hypot(err(a) / a.getMean(), err(b) / b.getMean());
            double medianRatio = a.getPercentile(50) / b.getPercentile(50);
            String verdict;
            String target;
            if (Double.isNaN(row.target)) {
                target = "-";
                verdict = "contrast";
            } else {
                target = String.format(Locale.ROOT, "<= %.2fx", row.target);
                verdict = medianRatio <= row.target ? "met" : "missed";
                if (Math.abs(medianRatio - row.target) <= ratioErr) {
                    verdict += " (within error)";
                }
                if (err(a) > 0.1 * a.getMean() || err(b) > 0.1 * b.getMean()) {
                    verdict += ", noisy";
                }
            }
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3fx ± %.3f | %.3fx | %s | %s | %s |%n",
                    row.figure, ns(b), ns(a), ratio, ratioErr, medianRatio, target, verdict, spread(forkMeans.get(row.agent))));
        }
        sb.append("\nns/op: mean ± 99.9% confidence half-width over all measured iterations of all forks (JMH's error);"
                + " ratio error propagated from both. Ratio of medians: of all iterations of all forks; the verdict"
                + " compares it with the target, because on a shared 2-core machine a burst of load from another"
                + " process inflates a few iterations and the means with them. Within error: the target lies within"
                + " the ratio's error bar. Noisy: an error bar above 10% of its mean. Fork means show the fork-to-fork"
                + " spread.\n");
        return sb.toString();
    }

    static String tsv(Map<String, ListStatistics> stats, Map<String, List<Double>> forkMeans) {
        StringBuilder sb = new StringBuilder("config\tbenchmark\tmean_ns\terror_999\tmedian_ns\tn\tfork_means\n");
        for (Map.Entry<String, ListStatistics> e : stats.entrySet()) {
            String[] parts = e.getKey().split(" ", 2);
            ListStatistics s = e.getValue();
            sb.append(String.format(Locale.ROOT, "%s\t%s\t%.3f\t%.3f\t%.3f\t%d\t%s%n", parts[0], parts[1], s.getMean(), err(s),
                    s.getPercentile(50), s.getN(), spread(forkMeans.get(e.getKey()))));
        }
        return sb.toString();
    }

    private static double err(ListStatistics s) {
        return s.getN() > 2 ? s.getMeanErrorAt(0.999) : Double.NaN;
    }

    private static String ns(ListStatistics s) {
        return String.format(Locale.ROOT, "%.2f ± %.2f", s.getMean(), err(s));
    }

    private static String spread(List<Double> means) {
        if (means == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (double m : means) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", m));
        }
        return sb.toString();
    }
}
