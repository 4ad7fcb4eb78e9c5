package io.meetkit.testkit;

import java.io.PrintStream;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link FakeLiveKitServer} on its own, for manual testing or for a non-JVM client:
 *
 * <pre>
 * java -cp … io.meetkit.testkit.FakeLiveKitServerMain --port 7880 --api-key devkey --api-secret secret \
 *      [--webhook-url http://localhost:8080/livekit/webhook]
 * </pre>
 *
 * Prints the URL and serves until the process is killed.
 */
public final class FakeLiveKitServerMain {

    private FakeLiveKitServerMain() {}

    /**
     * Starts the server and blocks.
     *
     * @param args {@code --port N} (default 7880), {@code --api-key K} (default devkey), {@code --api-secret S}
     *             (default: random, printed), {@code --webhook-url U}, {@code --help}
     * @throws InterruptedException if the main thread is interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        FakeLiveKitServer server;
        try {
            server = parse(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        if (server == null) {
            return;
        }
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "fake-livekit-shutdown"));
        System.out.println("FakeLiveKitServer listening at " + server.url() + " (api key " + server.apiKey()
                + ", api secret " + server.apiSecret() + ")");
        System.out.flush();
        stopped.await();
    }

    /**
     * Parses the arguments into a server that is not started yet.
     *
     * @param args the command line
     * @param out  where {@code --help} prints
     * @return the server, or null if only help was asked for
     * @throws IllegalArgumentException for an unknown option or a bad value
     */
    static @Nullable FakeLiveKitServer parse(String[] args, PrintStream out) {
        FakeLiveKitServer.Builder b = FakeLiveKitServer.builder().port(7880);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help":
                case "-h":
                    usage(out);
                    return null;
                case "--port":
                    String port = value(args, ++i, a);
                    try {
                        b.port(Integer.parseInt(port));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port must be a number: " + port);
                    }
                    break;
                case "--api-key":
                    b.apiKey(value(args, ++i, a));
                    break;
                case "--api-secret":
                    b.apiSecret(value(args, ++i, a));
                    break;
                case "--webhook-url":
                    b.webhookUrl(URI.create(value(args, ++i, a)));
                    break;
                default:
                    throw new IllegalArgumentException("unknown option: " + a);
            }
        }
        return b.build();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(PrintStream out) {
        out.println("usage: FakeLiveKitServerMain [--port 7880] [--api-key devkey] [--api-secret SECRET] "
                + "[--webhook-url URL]");
    }
}
