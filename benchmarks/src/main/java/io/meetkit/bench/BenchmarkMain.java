package io.meetkit.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the token suites ({@link SignBenchmarks}, {@link VerifyBenchmarks}, {@link WebhookBenchmarks},
 * {@link IssueBenchmarks}) with 1 and then 2
 * threads and prints a table with each result's ratio to the {@code baseline} of the same suite and thread count, the
 * 2-thread/1-thread scaling, and the performance goals.
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
 * java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" io.meetkit.bench.BenchmarkMain
 * </pre>
 *
 * Defaults: 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement. Any JMH option overrides them, e.g. {@code -wi 2 -i 3} for a
 * shorter run, {@code -t 4} for a single thread count, or a regex such as {@code VerifyBenchmarks} to select suites.
 * {@code --rounds=N} (ours, not JMH's) runs everything N times in turn and keeps each benchmark's best round: on a
 * machine shared with other work, load comes and goes, and a benchmark that ran in a busy minute would otherwise skew
 * its ratios.
 */
public final class BenchmarkMain {

    private static final List<String> SUITES =
            List.of("SignBenchmarks", "VerifyBenchmarks", "WebhookBenchmarks", "IssueBenchmarks");
    private static final List<String> ORDER = List.of(
            "baseline",
            "meetkit",
            "meetkitViaValueObject",
            "livekitAccessToken",
            "javaJwt",
            "nimbus",
            "hmacOnly",
            "issueRejoin",
            "issueNewName");

    private static final String ROUNDS = "--rounds=";

    private BenchmarkMain() {}

    /**
     * Runs the suites.
     *
     * @param args JMH command-line options; they override the defaults above
     * @throws RunnerException if JMH fails
     * @throws CommandLineOptionException if an option is invalid
     */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        int rounds = 1;
        List<String> jmhArgs = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith(ROUNDS)) {
                rounds = Integer.parseInt(arg.substring(ROUNDS.length()));
                if (rounds < 1) {
                    throw new IllegalArgumentException(ROUNDS + " must be at least 1: " + rounds);
                }
            } else {
                jmhArgs.add(arg);
            }
        }
        CommandLineOptions cli = new CommandLineOptions(jmhArgs.toArray(new String[0]));
        if (cli.shouldHelp()) {
            try {
                cli.showHelp();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return;
        }
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include("io\\.meetkit\\.bench\\.(" + String.join("|", SUITES) + ")\\.");
        }
        if (!cli.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cli.getWarmupIterations().hasValue()) {
            options.warmupIterations(3);
        }
        if (!cli.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(1));
        }
        if (!cli.getMeasurementIterations().hasValue()) {
            options.measurementIterations(5);
        }
        if (!cli.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(1));
        }
        options.addProfiler(CpuTimeProfiler.class);
        List<Integer> threadCounts =
                cli.getThreads().hasValue() ? List.of(cli.getThreads().get()) : List.of(1, 2);

        List<RunResult> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (int threads : threadCounts) {
                results.addAll(new Runner(options.threads(threads).build()).run());
            }
        }
        printTable(results, rounds, System.out);
    }

    /**
     * One measured row: the mean score with its error, and the best measurement iteration. Other processes on a shared
     * machine only ever lower a score, so ratios and scaling are printed from both.
     */
    record Row(String suite, String method, int threads, double score, double error, double best, double cpu) {

        String key() {
            return suite + "." + method + "@" + threads;
        }
    }

    static List<Row> rows(Collection<RunResult> results) {
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            int method = benchmark.lastIndexOf('.');
            String suite = benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1, method);
            double best = 0;
            for (BenchmarkResult b : r.getBenchmarkResults()) {
                for (IterationResult i : b.getIterationResults()) {
                    best = Math.max(best, i.getPrimaryResult().getScore());
                }
            }
            Result<?> cpu = r.getSecondaryResults().get(CpuTimeProfiler.LABEL);
            rows.add(new Row(
                    suite,
                    benchmark.substring(method + 1),
                    r.getParams().getThreads(),
                    r.getPrimaryResult().getScore(),
                    r.getPrimaryResult().getScoreError(),
                    best,
                    cpu == null ? Double.NaN : cpu.getScore()));
        }
        // several rounds: keep the best of each measure (other load only ever lowers a score)
        Map<String, Row> best = new HashMap<>();
        for (Row row : rows) {
            best.merge(
                    row.key(),
                    row,
                    (a, b) -> new Row(
                            a.suite(),
                            a.method(),
                            a.threads(),
                            Math.max(a.score(), b.score()),
                            a.score() >= b.score() ? a.error() : b.error(),
                            Math.max(a.best(), b.best()),
                            max(a.cpu(), b.cpu())));
        }
        rows = new ArrayList<>(best.values());
        rows.sort(Comparator.comparingInt((Row row) -> rank(SUITES, row.suite()))
                .thenComparingInt(row -> rank(ORDER, row.method()))
                .thenComparing(Row::method)
                .thenComparingInt(Row::threads));
        return rows;
    }

    static void printTable(Collection<RunResult> results, int rounds, PrintStream out) {
        List<Row> rows = rows(results);
        Map<String, Row> byKey = new HashMap<>();
        rows.forEach(r -> byKey.put(r.key(), r));

        out.println();
        out.println("MeetKit token benchmarks, higher is better"
                + (rounds > 1 ? "; every measure is the best of " + rounds + " rounds." : "."));
        out.println(
                "  ops/ms = wall-clock throughput (mean, ± 99.9% error, best iteration); ops/cpu-ms = per millisecond"
                        + " of CPU time on the benchmark threads, which other processes on a shared machine barely disturb.");
        out.println(
                "  ratio = score / the suite's baseline at the same thread count (by mean, best iteration, CPU);"
                        + " scaling = 2 threads / 1 thread (mean, best); cpu.eff = CPU cost per op at 1 thread / at 2 threads.");
        out.printf(
                Locale.ROOT,
                "%-38s %3s %8s %8s %8s %9s %6s %6s %6s %6s %6s %7s%n",
                "benchmark",
                "thr",
                "ops/ms",
                "± error",
                "best",
                "ops/cpu-ms",
                "ratio",
                "r.best",
                "r.cpu",
                "scale",
                "sc.bst",
                "cpu.eff");
        String previousSuite = "";
        for (Row r : rows) {
            if (!r.suite().equals(previousSuite) && !previousSuite.isEmpty()) {
                out.println();
            }
            previousSuite = r.suite();
            Row base = byKey.get(r.suite() + ".baseline@" + r.threads());
            Row single = byKey.get(r.suite() + "." + r.method() + "@1");
            boolean scales = r.threads() != 1 && single != null;
            out.printf(
                    Locale.ROOT,
                    "%-38s %3d %8.1f %8s %8.1f %9.1f %6s %6s %6s %6s %6s %7s%n",
                    r.suite() + "." + r.method(),
                    r.threads(),
                    r.score(),
                    String.format(Locale.ROOT, "±%.1f", r.error()),
                    r.best(),
                    r.cpu(),
                    base == null ? "" : times(r.score() / base.score()),
                    base == null ? "" : times(r.best() / base.best()),
                    base == null ? "" : times(r.cpu() / base.cpu()),
                    scales ? times(r.score() / single.score()) : "",
                    scales ? times(r.best() / single.best()) : "",
                    scales ? times(r.cpu() / single.cpu()) : "");
        }

        out.println();
        out.println("Goals (performance-and-security.md §6), by mean / best iteration / CPU time:");
        goal(
                out,
                byKey,
                "sign: meetkit ≥ 0.70× baseline (1 thread)",
                "SignBenchmarks.meetkit@1",
                "SignBenchmarks.baseline@1",
                0.70,
                1);
        goal(
                out,
                byKey,
                "sign: meetkit ≥ 1.90× livekit AccessToken (1 thread)",
                "SignBenchmarks.meetkit@1",
                "SignBenchmarks.livekitAccessToken@1",
                1.90,
                1);
        goal(
                out,
                byKey,
                "verify: meetkit ≥ 0.70× baseline (1 thread)",
                "VerifyBenchmarks.meetkit@1",
                "VerifyBenchmarks.baseline@1",
                0.70,
                1);
        goal(
                out,
                byKey,
                "webhook auth: meetkit ≥ 0.50× baseline (1 thread)",
                "WebhookBenchmarks.meetkit@1",
                "WebhookBenchmarks.baseline@1",
                0.50,
                1);
        goal(
                out,
                byKey,
                "issue (rejoin): ≥ 0.50× bare signing (1 thread)",
                "IssueBenchmarks.issueRejoin@1",
                "IssueBenchmarks.baseline@1",
                0.50,
                1);
        goal(
                out,
                byKey,
                "issue (new name): ≥ 0.50× bare signing (1 thread)",
                "IssueBenchmarks.issueNewName@1",
                "IssueBenchmarks.baseline@1",
                0.50,
                1);
        // with CPU time, 2 threads on 2 idle cores would give 2 × (ops/cpu-ms at 2 threads) / (ops/cpu-ms at 1 thread)
        goal(
                out,
                byKey,
                "sign: meetkit 2 threads ≥ 1.8× 1 thread (CPU: projected)",
                "SignBenchmarks.meetkit@2",
                "SignBenchmarks.meetkit@1",
                1.8,
                2);
        goal(
                out,
                byKey,
                "verify: meetkit 2 threads ≥ 1.8× 1 thread (CPU: projected)",
                "VerifyBenchmarks.meetkit@2",
                "VerifyBenchmarks.meetkit@1",
                1.8,
                2);
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    private static void goal(
            PrintStream out,
            Map<String, Row> byKey,
            String what,
            String key,
            String baseKey,
            double target,
            int cpuFactor) {
        Row r = byKey.get(key);
        Row base = byKey.get(baseKey);
        if (r == null || base == null) {
            out.printf(Locale.ROOT, "  %-60s not measured in this run%n", what);
            return;
        }
        double[] ratios = {r.score() / base.score(), r.best() / base.best(), cpuFactor * r.cpu() / base.cpu()};
        StringBuilder line = new StringBuilder();
        for (double ratio : ratios) {
            line.append(String.format(Locale.ROOT, " %5.2f× %-6s", ratio, ratio >= target ? "met" : "MISSED"));
        }
        out.printf(Locale.ROOT, "  %-60s%s%n", what, line);
    }

    private static int rank(List<String> order, String name) {
        int i = order.indexOf(name);
        return i < 0 ? order.size() : i;
    }
}
