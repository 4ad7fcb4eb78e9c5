package io.meetkit.bench;

import io.livekit.server.RoomServiceClient;
import io.meetkit.testkit.FakeLiveKitServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Latency of sequential calls to the {@link FakeLiveKitServer}, as every test and client of the fake pays it:
 * {@code ListRooms} through LiveKit's official {@code RoomServiceClient} (OkHttp, keep-alive), one call after
 * another. Each case runs in its own JVM, because the JDK HTTP server reads {@code sun.net.httpserver.nodelay} once
 * per JVM:
 *
 * <ul>
 *   <li>{@code baseline}: {@code -Dsun.net.httpserver.nodelay=false}, the JDK's default, which the fake ran with
 *       before (Nagle's algorithm on: a response written as headers then body waits for the client's delayed ACK);
 *   <li>{@code fake}: the fake as it starts now, with no property set (it turns TCP_NODELAY on itself).
 * </ul>
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
 * java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" io.meetkit.bench.FakeLatencyBenchmark [calls]
 * </pre>
 *
 * Prints p50, p90, p99 and mean in microseconds, and each as a ratio of the baseline's. Goal: p50 and p99 of
 * {@code fake} below 0.25× the baseline's (the ~40 ms delayed-ACK stalls gone).
 */
public final class FakeLatencyBenchmark {

    private static final int WARM_UP = 300;

    private FakeLatencyBenchmark() {}

    /**
     * Runs both cases in child JVMs and prints the table, or (with {@code --child}) measures in this JVM.
     *
     * @param args {@code [calls]} (default 3000), or {@code --child calls}
     * @throws Exception if a child fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            long[] us = measure(Integer.parseInt(args[1]));
            System.out.println("RESULT " + percentile(us, 50) + " " + percentile(us, 90) + " " + percentile(us, 99)
                    + " " + mean(us));
            return;
        }
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        long[] baseline = child(calls, "-Dsun.net.httpserver.nodelay=false");
        long[] fake = child(calls, null);
        System.out.printf(Locale.ROOT, "%d sequential ListRooms calls after %d warm-up calls (µs)%n", calls, WARM_UP);
        System.out.println("| case | p50 | p90 | p99 | mean | p50 ratio | p99 ratio |");
        System.out.println("|---|---|---|---|---|---|---|");
        row("baseline (nodelay=false)", baseline, baseline);
        row("fake (as started now)", fake, baseline);
    }

    private static void row(String name, long[] r, long[] base) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %d | %d | %d | %d | %.2f | %.2f |%n",
                name,
                r[0],
                r[1],
                r[2],
                r[3],
                (double) r[0] / base[0],
                (double) r[2] / base[2]);
    }

    private static long[] child(int calls, String property) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (property != null) {
            cmd.add(property);
        }
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                FakeLatencyBenchmark.class.getName(),
                "--child",
                Integer.toString(calls)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        long[] result = null;
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = Arrays.stream(line.substring(7).split(" "))
                            .mapToLong(Long::parseLong)
                            .toArray();
                }
            }
        }
        if (p.waitFor() != 0 || result == null) {
            throw new IllegalStateException("child JVM failed: " + cmd);
        }
        return result;
    }

    /**
     * Times {@code calls} sequential ListRooms calls after a warm-up.
     *
     * @param calls how many calls to time
     * @return each call's latency in µs
     * @throws IOException if a call fails
     */
    static long[] measure(int calls) throws IOException {
        try (FakeLiveKitServer fake = FakeLiveKitServer.builder().build().start()) {
            fake.createRoom("bench");
            RoomServiceClient rooms = RoomServiceClient.createClient(fake.url(), fake.apiKey(), fake.apiSecret());
            for (int i = 0; i < WARM_UP; i++) {
                call(rooms);
            }
            long[] us = new long[calls];
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                call(rooms);
                us[i] = (System.nanoTime() - t0) / 1000;
            }
            return us;
        }
    }

    private static void call(RoomServiceClient rooms) throws IOException {
        if (!rooms.listRooms(null).execute().isSuccessful()) {
            throw new IllegalStateException("ListRooms failed");
        }
    }

    static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static long mean(long[] values) {
        return (long) Arrays.stream(values).average().orElse(0);
    }
}
