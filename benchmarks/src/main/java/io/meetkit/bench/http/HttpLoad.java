package io.meetkit.bench.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Closed-loop HTTP load on a running MeetKit example application: {@code POST /api/meetings/{id}/token} (the
 * starter's token endpoint) against {@code GET /api/meetings/{id}} (the baseline: the same security, JSON and store
 * read, no token) in one run, with the same connections, interleaved in rounds so that a machine that gets busier
 * during the run hurts both alike. Prints requests per second, p50/p99 latency and the token/baseline ratio.
 *
 * <pre>{@code
 * java -cp benchmarks/target/classes io.meetkit.bench.http.HttpLoad \
 *     --base=http://127.0.0.1:8080 --user=admin --password=... [--connections=16] [--seconds=10] [--rounds=3]
 * }</pre>
 *
 * <p>Every answer must be 200; any other status fails the run (a fast error is not a fast endpoint).
 */
public final class HttpLoad {

    private HttpLoad() {}

    /** One measured phase. */
    record Phase(String name, long requests, double seconds, long[] latenciesNanos) {
        double perSecond() {
            return requests / seconds;
        }

        double percentileMs(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
        }

        static Phase merge(String name, List<Phase> phases) {
            long n = 0;
            double s = 0;
            int size = 0;
            for (Phase p : phases) {
                n += p.requests;
                s += p.seconds;
                size += p.latenciesNanos.length;
            }
            long[] all = new long[size];
            int at = 0;
            for (Phase p : phases) {
                System.arraycopy(p.latenciesNanos, 0, all, at, p.latenciesNanos.length);
                at += p.latenciesNanos.length;
            }
            return new Phase(name, n, s, all);
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code --base=}, {@code --user=}, {@code --password=}, optional {@code --connections=},
     *     {@code --seconds=} (per phase), {@code --rounds=}, {@code --warmup=} (seconds per endpoint)
     * @throws Exception when the application cannot be reached or answers a request with anything but 200
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("arguments are --name=value: " + arg);
            }
            a.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        String base = a.getOrDefault("base", "http://127.0.0.1:8080");
        int connections = Integer.parseInt(a.getOrDefault("connections", "16"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "10"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "10"));
        String user = a.getOrDefault("user", "admin");
        String password = a.get("password");
        if (password == null) {
            throw new IllegalArgumentException("--password= is required (the example's admin password)");
        }

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(java.util.concurrent.Executors.newFixedThreadPool(connections))
                .build();
        String login = send(
                http,
                post(base + "/auth/login", null, "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"));
        String bearer = field(login, "accessToken");
        String meeting =
                field(send(http, post(base + "/api/meetings", bearer, "{\"title\":\"HTTP benchmark\"}")), "id");
        // a new person per request, as in a real join: each token reserves a fresh display name
        AtomicLong people = new AtomicLong();
        Supplier<HttpRequest> token = () -> post(
                base + "/api/meetings/" + meeting + "/token",
                bearer,
                "{\"displayName\":\"Guest " + people.incrementAndGet() + "\"}");
        Supplier<HttpRequest> get = () -> HttpRequest.newBuilder(URI.create(base + "/api/meetings/" + meeting))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer)
                .GET()
                .build();

        System.out.printf(
                Locale.ROOT,
                "%s, %d connections, warm-up %d s per endpoint, %d rounds of %d s per endpoint%n",
                base,
                connections,
                warmup,
                rounds,
                seconds);
        run(http, "warm-up GET", get, connections, warmup);
        run(http, "warm-up token", token, connections, warmup);
        List<Phase> gets = new ArrayList<>();
        List<Phase> tokens = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            gets.add(run(http, "GET /api/meetings/{id}", get, connections, seconds));
            tokens.add(run(http, "POST /api/meetings/{id}/token", token, connections, seconds));
        }
        Phase g = Phase.merge("GET /api/meetings/{id} (baseline)", gets);
        Phase t = Phase.merge("POST /api/meetings/{id}/token", tokens);
        System.out.println();
        System.out.println("| Endpoint | req/s | p50 ms | p99 ms | ratio to baseline |");
        System.out.println("|---|---|---|---|---|");
        for (Phase p : List.of(g, t)) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,.0f | %.1f | %.1f | %.2f |%n",
                    p.name(),
                    p.perSecond(),
                    p.percentileMs(50),
                    p.percentileMs(99),
                    p.perSecond() / g.perSecond());
        }
        System.exit(0);
    }

    /** One closed-loop phase: each connection sends its next request when the previous one answered. */
    static Phase run(HttpClient http, String name, Supplier<HttpRequest> request, int connections, int seconds)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong count = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        int[] sizes = new int[connections];
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(connections);
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            long[] lat = new long[1 << 16];
            perThread.add(lat);
            int slot = c;
            Thread t = new Thread(
                    () -> {
                        long[] l = lat;
                        int n = 0;
                        try {
                            while (System.nanoTime() < end) {
                                long t0 = System.nanoTime();
                                HttpResponse<Void> r = http.send(request.get(), HttpResponse.BodyHandlers.discarding());
                                long dt = System.nanoTime() - t0;
                                if (r.statusCode() != 200) {
                                    throw new IllegalStateException(name + " answered " + r.statusCode());
                                }
                                if (n == l.length) {
                                    l = Arrays.copyOf(l, n * 2);
                                    perThread.set(slot, l);
                                }
                                l[n++] = dt;
                            }
                        } catch (Exception e) {
                            failures.add(e);
                        } finally {
                            sizes[slot] = n;
                            count.addAndGet(n);
                            done.countDown();
                        }
                    },
                    "load-" + c);
            t.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException(name + " failed: " + failures.get(0), failures.get(0));
        }
        long[] all = new long[(int) count.get()];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(perThread.get(c), 0, all, at, sizes[c]);
            at += sizes[c];
        }
        Phase p = new Phase(name, count.get(), elapsed, all);
        System.out.printf(
                Locale.ROOT,
                "  %-32s %,8.0f req/s  p50 %6.1f ms  p99 %6.1f ms%n",
                name,
                p.perSecond(),
                p.percentileMs(50),
                p.percentileMs(99));
        return p;
    }

    private static HttpRequest post(String url, @Nullable String bearer, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b.build();
    }

    private static String send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
