package io.meetkit.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.meetkit.examples.boot.local.LocalServices;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.RecordedRequest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code /join.html} in a real browser: headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * driven by Selenium, logs in as a user, lists the meetings, picks one, and livekit-client connects with the token
 * MeetKit's API returned. The embedded {@link FakeLiveKitServer} stands in for LiveKit: it has no signal service and
 * no media, so the connection fails after the request, as the page says; the fake logs the request, and the test
 * checks that it is livekit-client's signal connection carrying exactly that token (LiveKit's signature, the user's
 * identity, the meeting's room, the display name typed in the page).
 *
 * <p>The connect request is livekit-client 2.x's: {@code GET ws://host/rtc/v1?access_token=…&join_request=…}
 * (client-sdk-js {@code src/api/utils.ts} {@code createRtcUrl} and {@code src/api/SignalClient.ts}
 * {@code connect}: the {@code /rtc/v1} path since single peer connection is the default, the legacy {@code /rtc}
 * after a {@code ServiceNotFound}); LiveKit serves both (livekit {@code pkg/service/rtcservice.go}
 * {@code SetupRoutes}).
 *
 * <p>Needs Chromium: {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}, or the paths in the system
 * properties {@code meetkit.browser.chromium} and {@code meetkit.browser.chromedriver}. Without them the test fails
 * (it never skips) and says what to install.
 */
@AppTest
class JoinPageBrowserTest {

    static final String CHROMIUM = System.getProperty("meetkit.browser.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("meetkit.browser.chromedriver", "/usr/bin/chromedriver");
    /** LiveKit's signal paths (rtcservice.go SetupRoutes); the validate paths are livekit-client's follow-up. */
    static final Set<String> SIGNAL_PATHS = Set.of("/rtc", "/rtc/v1");

    /** Records every answer of MeetKit's token endpoint that the page receives, without changing it. */
    static final String RECORD_TOKEN_ANSWERS = """
            window.tokenAnswers = [];
            const originalFetch = window.fetch;
            window.fetch = async (...args) => {
              const response = await originalFetch(...args);
              if (String(args[0]).endsWith('/token')) {
                window.tokenAnswers.push(await response.clone().json());
              }
              return response;
            };
            """;

    @LocalServerPort
    int port;

    @Autowired
    LocalServices local;

    @Test
    void aUserLogsInPicksAMeetingAndLivekitClientConnectsWithTheApisToken() throws Exception {
        requireChromium();
        FakeLiveKitServer liveKit = local.liveKit().orElseThrow();
        Http http = new Http(port);
        String admin = http.login("admin", AppTest.ADMIN_PASSWORD);
        String title = "Browser test " + UUID.randomUUID().toString().substring(0, 8);
        Http.Response created = http.post("/api/meetings", admin, Map.of("title", title));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String meetingId = created.at("/id");
        String room = created.at("/roomName");
        String username = "browser-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "correct horse battery";
        assertThat(http.post("/auth/register", null, Map.of("username", username, "password", password))
                        .status())
                .isEqualTo(201);

        Path profile = Files.createTempDirectory("meetkit-chromium-");
        WebDriver browser;
        try {
            browser = startChromium(profile);
        } catch (RuntimeException e) {
            deleteQuietly(profile);
            throw e;
        }
        try {
            browser.get("http://127.0.0.1:" + port + "/join.html");
            ((JavascriptExecutor) browser).executeScript(RECORD_TOKEN_ANSWERS);

            // log in: the page lists the meetings from MeetKit's API
            browser.findElement(By.id("username")).sendKeys(username);
            browser.findElement(By.id("password")).sendKeys(password);
            browser.findElement(By.id("login-button")).click();
            By joinButton = By.cssSelector("button[data-meeting-id='" + meetingId + "']");
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(browser.findElements(joinButton))
                            .as("the meeting's Join button; page log: %s", pageLog(browser))
                            .hasSize(1));
            assertThat(pageLog(browser)).contains("logged in as " + username);
            assertThat(browser.findElement(By.id("meetings")).getText()).contains(title + " (OPEN)");

            // join: the page gets a token and livekit-client connects to the fake with it, which fails (no media)
            browser.findElement(By.id("display-name")).sendKeys("Browser Alice");
            browser.findElement(joinButton).click();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(pageLog(browser)).contains("could not connect: "));

            String answers =
                    (String) ((JavascriptExecutor) browser).executeScript("return JSON.stringify(window.tokenAnswers)");
            JsonNode grants = Http.JSON.readTree(answers);
            assertThat(grants).as("token answers the page received").hasSize(1);
            JsonNode grant = grants.get(0);
            String token = grant.path("token").asText();
            assertThat(grant.path("url").asText()).isEqualTo(liveKit.url());
            assertThat(pageLog(browser)).contains("token for Browser Alice as SPEAKER, connecting to " + liveKit.url());

            // the fake saw livekit-client's signal connection, carrying exactly the token the API returned
            List<RecordedRequest> connects = liveKit.requests().stream()
                    .filter(r -> SIGNAL_PATHS.contains(r.path()))
                    .filter(r -> r.queryParameter("access_token")
                            .filter(token::equals)
                            .isPresent())
                    .toList();
            assertThat(connects)
                    .as(
                            "signal connections with the API's token among %s; page log: %s",
                            signalPaths(liveKit), pageLog(browser))
                    .isNotEmpty();
            RecordedRequest connect = connects.get(0);
            assertThat(connect.httpMethod()).isEqualTo("GET");
            assertThat(connect.path())
                    .as("livekit-client 2.x's single peer connection path")
                    .isEqualTo("/rtc/v1");
            assertThat(connect.queryParameter("join_request"))
                    .as("the JoinRequest livekit-client sends with /rtc/v1")
                    .hasValueSatisfying(v -> assertThat(v).isNotBlank());

            // and that token is LiveKit's: signed with its API secret, for this user, this room, this name
            SignedJWT jwt =
                    SignedJWT.parse(connect.queryParameter("access_token").orElseThrow());
            assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
            assertThat(jwt.verify(new MACVerifier(liveKit.apiSecret().getBytes(StandardCharsets.UTF_8))))
                    .isTrue();
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            assertThat(claims.getIssuer()).isEqualTo(liveKit.apiKey());
            assertThat(claims.getSubject()).isEqualTo(grant.path("identity").asText());
            assertThat(claims.getStringClaim("name")).isEqualTo("Browser Alice");
            assertThat(claims.getJSONObjectClaim("video"))
                    .containsEntry("room", room)
                    .containsEntry("roomJoin", true);
        } finally {
            browser.quit();
            deleteQuietly(profile);
        }
    }

    /**
     * Headless Chromium with the flags this machine's closed network needs (no background or component traffic, no
     * QUIC) and a fresh profile; the browser and driver binaries are named, so Selenium Manager downloads nothing.
     */
    static WebDriver startChromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** Fails, never skips, when the browser or its driver is missing, and says what to install. */
    static void requireChromium() {
        for (String binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(binary))) {
                fail("The browser test needs Chromium and its ChromeDriver, but " + binary + " is not an executable"
                        + " file. Install Debian's packages chromium and chromium-driver (sudo apt-get install"
                        + " chromium chromium-driver), or name other binaries with -Dmeetkit.browser.chromium=..."
                        + " and -Dmeetkit.browser.chromedriver=...");
            }
        }
    }

    static String pageLog(WebDriver browser) {
        return browser.findElement(By.id("log")).getText();
    }

    static List<String> signalPaths(FakeLiveKitServer liveKit) {
        return liveKit.requests().stream()
                .filter(r -> r.path().startsWith("/rtc"))
                .map(r -> r.httpMethod() + " " + r.path())
                .toList();
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover profile in the temp directory is harmless
        }
    }
}
