package io.meetkit.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Operations per millisecond of <em>CPU time</em> of the benchmark JVM (all its threads, GC and JIT included), as the
 * secondary result {@value #LABEL}. Wall-clock throughput drops whenever another process takes a core; CPU time per
 * operation barely moves, so this is the steadier number for ratios on a shared machine. With N benchmark threads it
 * is the throughput per busy core: if it stays the same from 1 to 2 threads, nothing serializes the threads and two
 * idle cores would give twice the throughput.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    /** The secondary result's label. */
    static final String LABEL = "cpu";

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuAtStart;

    @Override
    public String getDescription() {
        return "operations per millisecond of process CPU time";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStart = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams,
                                                          IterationParams iterationParams, IterationResult result) {
        long cpuNanos = os.getProcessCpuTime() - cpuAtStart;
        // all operations ran between the two samples, including the ones JMH runs to synchronize the threads
        long ops = result.getMetadata().getAllOps();
        double perCpuMs = cpuNanos <= 0 ? Double.NaN : ops / (cpuNanos / 1e6);
        return List.of(new ScalarResult(LABEL, perCpuMs, "ops/cpu-ms", AggregationPolicy.AVG));
    }
}
