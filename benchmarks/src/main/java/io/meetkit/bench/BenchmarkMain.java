package io.meetkit.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
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
 */
public final class BenchmarkMain {

    private static final List<String> SUITES = List.of("SignBenchmarks", "VerifyBenchmarks", "WebhookBenchmarks",
            "IssueBenchmarks");
    private static final List<String> ORDER = List.of("baseline", "meetkit", "meetkitViaValueObject",
            "livekitAccessToken", "javaJwt", "nimbus", "hmacOnly", "issueRejoin", "issueNewName");

    private BenchmarkMain() {}

    /**
     * Runs the suites.
     *
     * @param args JMH command-line options; they override the defaults above
     * @throws RunnerException if JMH fails
     * @throws CommandLineOptionException if an option is invalid
     */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
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
        List<Integer> threadCounts = cli.getThreads().hasValue() ? List.of(cli.getThreads().get()) : List.of(1, 2);

        List<RunResult> results = new ArrayList<>();
        for (int threads : threadCounts) {
            results.addAll(new Runner(options.threads(threads).build()).run());
        }
        printTable(results, System.out);
    }

    /** One measured row. */
    record Row(String suite, String method, int threads, double score, double error) {

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
            rows.add(new Row(suite, benchmark.substring(method + 1), r.getParams().getThreads(),
                    r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()));
        }
        rows.sort(Comparator.comparingInt((Row row) -> rank(SUITES, row.suite()))
                .thenComparingInt(row -> rank(ORDER, row.method()))
                .thenComparing(Row::method)
                .thenComparingInt(Row::threads));
        return rows;
    }

    static void printTable(Collection<RunResult> results, PrintStream out) {
        List<Row> rows = rows(results);
        Map<String, Row> byKey = new HashMap<>();
        rows.forEach(r -> byKey.put(r.key(), r));

        out.println();
        out.println("MeetKit token benchmarks (ops/ms, higher is better; ratio = score / baseline of the same suite and"
                + " thread count; scaling = 2 threads / 1 thread)");
        out.printf(Locale.ROOT, "%-42s %7s %10s %9s %9s %8s%n", "benchmark", "threads", "ops/ms", "± error", "ratio",
                "scaling");
        String previousSuite = "";
        for (Row r : rows) {
            if (!r.suite().equals(previousSuite) && !previousSuite.isEmpty()) {
                out.println();
            }
            previousSuite = r.suite();
            Row base = byKey.get(r.suite() + ".baseline@" + r.threads());
            Row single = byKey.get(r.suite() + "." + r.method() + "@1");
            String ratio = base == null ? "" : String.format(Locale.ROOT, "%.2f×", r.score() / base.score());
            String scaling = r.threads() == 1 || single == null ? ""
                    : String.format(Locale.ROOT, "%.2f×", r.score() / single.score());
            out.printf(Locale.ROOT, "%-42s %7d %10.1f %9s %9s %8s%n", r.suite() + "." + r.method(), r.threads(),
                    r.score(), String.format(Locale.ROOT, "±%.1f", r.error()), ratio, scaling);
        }

        out.println();
        out.println("Goals (performance-and-security.md §6):");
        goal(out, "sign: meetkit ≥ 0.70× baseline (1 thread)",
                ratio(byKey, "SignBenchmarks.meetkit@1", "SignBenchmarks.baseline@1"), 0.70);
        goal(out, "sign: meetkit ≥ 1.90× livekit AccessToken (1 thread)",
                ratio(byKey, "SignBenchmarks.meetkit@1", "SignBenchmarks.livekitAccessToken@1"), 1.90);
        goal(out, "verify: meetkit ≥ 0.70× baseline (1 thread)",
                ratio(byKey, "VerifyBenchmarks.meetkit@1", "VerifyBenchmarks.baseline@1"), 0.70);
        goal(out, "webhook auth: meetkit ≥ 0.50× baseline (1 thread)",
                ratio(byKey, "WebhookBenchmarks.meetkit@1", "WebhookBenchmarks.baseline@1"), 0.50);
        goal(out, "issue (rejoin): ≥ 0.50× bare signing (1 thread)",
                ratio(byKey, "IssueBenchmarks.issueRejoin@1", "IssueBenchmarks.baseline@1"), 0.50);
        goal(out, "issue (new name): ≥ 0.50× bare signing (1 thread)",
                ratio(byKey, "IssueBenchmarks.issueNewName@1", "IssueBenchmarks.baseline@1"), 0.50);
        goal(out, "sign: meetkit 2 threads ≥ 1.8× 1 thread",
                ratio(byKey, "SignBenchmarks.meetkit@2", "SignBenchmarks.meetkit@1"), 1.8);
        goal(out, "verify: meetkit 2 threads ≥ 1.8× 1 thread",
                ratio(byKey, "VerifyBenchmarks.meetkit@2", "VerifyBenchmarks.meetkit@1"), 1.8);
    }

    private static @Nullable Double ratio(Map<String, Row> byKey, String key, String baseKey) {
        Row r = byKey.get(key);
        Row base = byKey.get(baseKey);
        return r == null || base == null ? null : r.score() / base.score();
    }

    private static void goal(PrintStream out, String what, @Nullable Double actual, double target) {
        if (actual == null) {
            out.printf(Locale.ROOT, "  %-56s   not measured in this run%n", what);
        } else {
            out.printf(Locale.ROOT, "  %-56s %5.2f× %s%n", what, actual, actual >= target ? "met" : "MISSED");
        }
    }

    private static int rank(List<String> order, String name) {
        int i = order.indexOf(name);
        return i < 0 ? order.size() : i;
    }
}
