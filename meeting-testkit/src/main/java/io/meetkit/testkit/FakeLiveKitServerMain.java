package io.meetkit.testkit;

import io.meetkit.testkit.s3.InProcessS3;
import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs a {@link FakeLiveKitServer} on its own, for non-JVM clients and for trying MeetKit from a shell. The testkit
 * builds a runnable jar with everything it needs:
 *
 * <pre>
 * java -jar meeting-testkit-&lt;version&gt;-standalone.jar --port 7880 --api-key devkey --api-secret secret \
 *      [--webhook-url http://localhost:8080/livekit/webhook] [--auto-create true|false] [--remote-unmute] \
 *      [--finish-room-when-empty] [--egress-s3 builtin | --egress-s3 http://host:9000 --egress-s3-bucket B \
 *       --egress-s3-access-key K --egress-s3-secret-key S [--egress-s3-region R]]
 * </pre>
 *
 * Besides LiveKit's Twirp routes it serves the control API under {@code /fake/} (join with a token, leave, publish,
 * unpublish, finish a room, finish an egress; see the testkit's README). Prints the URL and serves until the process
 * is killed.
 */
public final class FakeLiveKitServerMain {

    private FakeLiveKitServerMain() {}

    /** A parsed command line: the server (not started) and the built-in S3 it writes egress files to, if any. */
    static final class Standalone implements AutoCloseable {
        final FakeLiveKitServer server;
        final @Nullable InProcessS3 s3;
        final @Nullable String bucket;

        Standalone(FakeLiveKitServer server, @Nullable InProcessS3 s3, @Nullable String bucket) {
            this.server = server;
            this.s3 = s3;
            this.bucket = bucket;
        }

        @Override
        public void close() {
            server.close();
            if (s3 != null) {
                s3.close();
            }
        }
    }

    /**
     * Starts the server and blocks.
     *
     * @param args see {@link #usage(PrintStream)}; {@code --help} prints it
     * @throws InterruptedException if the main thread is interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        Standalone standalone;
        try {
            standalone = parse(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        if (standalone == null) {
            return;
        }
        FakeLiveKitServer server = standalone.server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            standalone.close();
                            stopped.countDown();
                        },
                        "fake-livekit-shutdown"));
        System.out.println("FakeLiveKitServer listening at " + server.url() + " (api key " + server.apiKey()
                + ", api secret " + server.apiSecret() + "); control API at " + server.url() + "/fake/");
        if (standalone.s3 != null) {
            System.out.println("built-in S3 at " + standalone.s3.endpoint() + " (bucket " + standalone.bucket
                    + ", access key " + InProcessS3.ACCESS_KEY + ", secret key " + InProcessS3.SECRET_KEY + ")");
        }
        System.out.flush();
        stopped.await();
    }

    /**
     * Parses the arguments into a server that is not started yet (a built-in S3 is started at once).
     *
     * @param args the command line
     * @param out  where {@code --help} prints
     * @return the server and its S3, or null if only help was asked for
     * @throws IllegalArgumentException for an unknown option or a bad value
     */
    static @Nullable Standalone parse(String[] args, PrintStream out) {
        FakeLiveKitServer.Builder b = FakeLiveKitServer.builder().port(7880);
        String s3 = null;
        String bucket = "recordings";
        String accessKey = null;
        String secretKey = null;
        String region = "us-east-1";
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
                case "--auto-create":
                    b.autoCreate(bool(value(args, ++i, a), a));
                    break;
                case "--remote-unmute":
                    b.remoteUnmute(true);
                    break;
                case "--finish-room-when-empty":
                    b.finishRoomWhenEmpty(true);
                    break;
                case "--egress-s3":
                    s3 = value(args, ++i, a);
                    break;
                case "--egress-s3-bucket":
                    bucket = value(args, ++i, a);
                    break;
                case "--egress-s3-access-key":
                    accessKey = value(args, ++i, a);
                    break;
                case "--egress-s3-secret-key":
                    secretKey = value(args, ++i, a);
                    break;
                case "--egress-s3-region":
                    region = value(args, ++i, a);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option: " + a);
            }
        }
        if (s3 == null) {
            if (accessKey != null || secretKey != null) {
                throw new IllegalArgumentException("--egress-s3-access-key/--egress-s3-secret-key need --egress-s3");
            }
            return new Standalone(b.build(), null, null);
        }
        if (s3.equals("builtin")) {
            if (accessKey != null || secretKey != null) {
                throw new IllegalArgumentException("--egress-s3 builtin has its own keys; drop --egress-s3-*-key");
            }
            InProcessS3 local = InProcessS3.start(bucket);
            return new Standalone(b.egressStorage(local.client(), bucket).build(), local, bucket);
        }
        URI endpoint = URI.create(s3);
        if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("--egress-s3 must be builtin or an http(s) endpoint: " + s3);
        }
        if (accessKey == null || secretKey == null) {
            throw new IllegalArgumentException(
                    "--egress-s3 " + s3 + " needs --egress-s3-access-key and " + "--egress-s3-secret-key");
        }
        S3Client client = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
        return new Standalone(b.egressStorage(client, bucket).build(), null, bucket);
    }

    private static boolean bool(String value, String option) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
            case "on":
                return true;
            case "false":
            case "off":
                return false;
            default:
                throw new IllegalArgumentException(option + " must be true or false: " + value);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar meeting-testkit-<version>-standalone.jar [options]\n"
                + "  --port N                     port on 127.0.0.1 (default 7880; 0 for a free one)\n"
                + "  --api-key K                  API key (default devkey)\n"
                + "  --api-secret S               API secret (default: random, printed)\n"
                + "  --webhook-url URL            POST signed webhooks here\n"
                + "  --auto-create true|false     create rooms on join, as LiveKit's room.auto_create (default true)\n"
                + "  --remote-unmute              allow MutePublishedTrack to unmute (LiveKit's default: off)\n"
                + "  --finish-room-when-empty     finish a room when its last participant leaves\n"
                + "  --egress-s3 builtin|URL      egress storage: an in-process S3, or an S3 endpoint\n"
                + "  --egress-s3-bucket B         bucket (default recordings)\n"
                + "  --egress-s3-access-key K     access key for an S3 endpoint\n"
                + "  --egress-s3-secret-key S     secret key for an S3 endpoint\n"
                + "  --egress-s3-region R         region for an S3 endpoint (default us-east-1)");
    }
}
