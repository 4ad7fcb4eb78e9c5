package io.meetkit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Operations per millisecond of CPU time spent on the JMH worker threads, as the secondary result {@value #LABEL}.
 *
 * <p>Wall-clock throughput drops whenever another process takes a core, at random moments, so ratios between
 * benchmarks that ran a minute apart are unreliable on a shared machine. CPU time per operation on the benchmark's own
 * threads barely moves. It leaves out JIT compiler and GC threads (the cost of allocation shows up only as TLAB refills
 * in the worker), so it suits comparing code paths, not judging GC pressure; use {@code -prof gc} for that. With N
 * threads it is the throughput per busy core: if it stays the same from 1 to 2 threads, the threads do not slow each
 * other down, and two idle cores would give twice the throughput. (Blocking on a lock would not show here; the
 * wall-clock columns show that when the machine is quiet.)
 */
public final class CpuTimeProfiler implements InternalProfiler {

    /** The secondary result's label. */
    static final String LABEL = "cpu";

    private static final String WORKER = "-jmh-worker-";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> cpuAtStart = Map.of();

    @Override
    public String getDescription() {
        return "operations per millisecond of CPU time on the JMH worker threads";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStart = workerCpuNanos();
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long cpuNanos = 0;
        for (Map.Entry<Long, Long> e : workerCpuNanos().entrySet()) {
            cpuNanos += e.getValue() - cpuAtStart.getOrDefault(e.getKey(), 0L); // new workers started at zero
        }
        // every operation ran between the two samples, including those JMH runs to synchronize the threads
        long ops = result.getMetadata().getAllOps();
        double perCpuMs = cpuNanos <= 0 ? Double.NaN : ops / (cpuNanos / 1e6);
        return List.of(new ScalarResult(LABEL, perCpuMs, "ops/cpu-ms", AggregationPolicy.AVG));
    }

    private Map<Long, Long> workerCpuNanos() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(WORKER)) {
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }
}
