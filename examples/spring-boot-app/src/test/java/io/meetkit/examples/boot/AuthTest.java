package io.meetkit.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Login, registration, refresh-token rotation and reuse detection, logout and access-token checks, over HTTP. */
@AppTest
class AuthTest {

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    Http.Response register(String username, String password) {
        return http.post("/auth/register", null, Map.of("username", username, "password", password));
    }

    @Nested
    @DisplayName("login")
    class Login {

        @Test
        @DisplayName("the configured admin logs in and gets a 15-minute access token and a 7-day refresh token")
        void adminLogsIn() {
            Http.Response r =
                    http.post("/auth/login", null, Map.of("username", "admin", "password", AppTest.ADMIN_PASSWORD));

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.at("/tokenType")).isEqualTo("Bearer");
            assertThat(r.json().at("/expiresIn").asLong()).isEqualTo(900);
            assertThat(r.json().at("/refreshExpiresIn").asLong()).isEqualTo(7 * 24 * 3600);
            assertThat(r.at("/user/role")).isEqualTo("ADMIN");
            assertThat(r.at("/refreshToken")).hasSizeGreaterThanOrEqualTo(43);
            Http.Response me = http.get("/auth/me", r.at("/accessToken"));
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.at("/username")).isEqualTo("admin");
            assertThat(me.json().has("passwordHash")).isFalse();
        }

        @Test
        @DisplayName("a wrong password and an unknown user get the same 401 problem")
        void wrongCredentials() {
            Http.Response wrongPassword =
                    http.post("/auth/login", null, Map.of("username", "admin", "password", "not-the-password"));
            Http.Response unknownUser = http.post(
                    "/auth/login", null, Map.of("username", unique("nobody"), "password", "not-the-password"));

            for (Http.Response r : List.of(wrongPassword, unknownUser)) {
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.at("/code")).isEqualTo("invalid_credentials");
                assertThat(r.at("/detail")).isEqualTo("wrong username or password");
            }
        }

        @Test
        void missingFieldsAre400() {
            Http.Response r = http.post("/auth/login", null, Map.of("username", "admin"));

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.at("/code")).isEqualTo("invalid_request");
            assertThat(r.at("/detail")).contains("password");
        }
    }

    @Nested
    @DisplayName("register")
    class Register {

        @Test
        @DisplayName("anyone creates a USER, who can then log in; the username is case-insensitive")
        void userRegisters() {
            String name = unique("Alice");

            Http.Response r = register(name, "correct horse battery");

            assertThat(r.status()).isEqualTo(201);
            assertThat(r.at("/role")).isEqualTo("USER");
            assertThat(r.at("/username")).isEqualTo(name.toLowerCase(java.util.Locale.ROOT));
            assertThat(http.login(name.toUpperCase(java.util.Locale.ROOT), "correct horse battery"))
                    .isNotEmpty();
        }

        @Test
        @DisplayName("only an admin creates an admin")
        void adminCreatesAdmin() {
            Map<String, String> body =
                    Map.of("username", unique("root"), "password", "correct horse battery", "role", "ADMIN");
            String user = unique("bob");
            register(user, "correct horse battery");

            Http.Response anonymous = http.post("/auth/register", null, body);
            Http.Response byUser = http.post("/auth/register", http.login(user, "correct horse battery"), body);
            Http.Response byAdmin = http.post("/auth/register", http.login("admin", AppTest.ADMIN_PASSWORD), body);

            assertThat(anonymous.status()).isEqualTo(403);
            assertThat(byUser.status()).isEqualTo(403);
            assertThat(byUser.at("/code")).isEqualTo("forbidden");
            assertThat(byAdmin.status()).isEqualTo(201);
            assertThat(byAdmin.at("/role")).isEqualTo("ADMIN");
        }

        @Test
        void takenUsernameIs409AndBadInputIs400() {
            String name = unique("carol");
            register(name, "correct horse battery");

            Http.Response taken = register(name, "another password");
            Http.Response badName = register("a b", "correct horse battery");
            Http.Response shortPassword = register(unique("dave"), "short");

            assertThat(taken.status()).isEqualTo(409);
            assertThat(taken.at("/code")).isEqualTo("username_taken");
            assertThat(badName.status()).isEqualTo(400);
            assertThat(shortPassword.status()).isEqualTo(400);
            assertThat(shortPassword.at("/detail")).contains("at least 8");
        }
    }

    @Nested
    @DisplayName("refresh tokens")
    class Refresh {

        String refreshToken;

        @BeforeEach
        void login() {
            String name = unique("erin");
            register(name, "correct horse battery");
            refreshToken = http.post("/auth/login", null, Map.of("username", name, "password", "correct horse battery"))
                    .at("/refreshToken");
        }

        Http.Response refresh(String token) {
            return http.post("/auth/refresh", null, Map.of("refreshToken", token));
        }

        @Test
        @DisplayName("a refresh returns a new access token and a new refresh token; the old one is used up")
        void rotates() {
            Http.Response first = refresh(refreshToken);

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.at("/refreshToken")).isNotEqualTo(refreshToken);
            assertThat(http.get("/auth/me", first.at("/accessToken")).status()).isEqualTo(200);
            Http.Response second = refresh(first.at("/refreshToken"));
            assertThat(second.status()).isEqualTo(200);
        }

        @Test
        @DisplayName("presenting a rotated token again is refused and revokes the whole family")
        void reuseRevokesFamily() {
            String next = refresh(refreshToken).at("/refreshToken");

            Http.Response reuse = refresh(refreshToken);
            Http.Response successor = refresh(next);

            assertThat(reuse.status()).isEqualTo(401);
            assertThat(reuse.at("/code")).isEqualTo("refresh_token_reused");
            assertThat(successor.status()).isEqualTo(401);
            assertThat(successor.at("/code")).isEqualTo("refresh_token_revoked");
        }

        @Test
        @DisplayName("logout revokes the token; unknown tokens are refused")
        void logout() {
            Http.Response out = http.post("/auth/logout", null, Map.of("refreshToken", refreshToken));

            assertThat(out.status()).isEqualTo(204);
            assertThat(refresh(refreshToken).at("/code")).isEqualTo("refresh_token_revoked");
            assertThat(refresh("not-a-token").status()).isEqualTo(401);
            assertThat(refresh("not-a-token").at("/code")).isEqualTo("invalid_refresh_token");
        }
    }

    @Nested
    @DisplayName("access tokens")
    class AccessTokens {

        String sign(JWSAlgorithm alg, String key, JWTClaimsSet claims) throws Exception {
            SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
            jwt.sign(new MACSigner(key.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        }

        JWTClaimsSet.Builder adminClaims() {
            Instant now = Instant.now();
            return new JWTClaimsSet.Builder()
                    .issuer("meetkit-example")
                    .subject(UUID.randomUUID().toString())
                    .claim("roles", List.of("ADMIN"))
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(600)));
        }

        @Test
        @DisplayName("a token with the right key and claims is accepted (the control case of the refusals below)")
        void wellFormedForgeryWithTheKeyWorks() throws Exception {
            String token =
                    sign(JWSAlgorithm.HS256, AppTest.JWT_SECRET, adminClaims().build());

            assertThat(http.get("/api/meetings", token).status()).isEqualTo(200);
        }

        @Test
        @DisplayName("no token, a tampered token, another key, another issuer, an expired token, alg none: 401")
        void badTokensAre401() throws Exception {
            String good = http.login("admin", AppTest.ADMIN_PASSWORD);
            String[] parts = good.split("\\.");
            String tamperedPayload = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                            .replace("\"ADMIN\"", "\"ADMIN\",\"USER\"")
                            .getBytes(StandardCharsets.UTF_8));
            Instant past = Instant.now().minusSeconds(3600);
            List<String> bad = List.of(
                    parts[0] + "." + tamperedPayload + "." + parts[2],
                    sign(
                            JWSAlgorithm.HS256,
                            "another-key-that-is-also-32-bytes-long!!",
                            adminClaims().build()),
                    sign(
                            JWSAlgorithm.HS256,
                            AppTest.JWT_SECRET,
                            adminClaims().issuer("someone-else").build()),
                    sign(
                            JWSAlgorithm.HS256,
                            AppTest.JWT_SECRET,
                            adminClaims().expirationTime(Date.from(past)).build()),
                    sign(
                            JWSAlgorithm.HS512,
                            AppTest.JWT_SECRET + AppTest.JWT_SECRET,
                            adminClaims().build()),
                    parts[0].replace(
                                    parts[0],
                                    Base64.getUrlEncoder()
                                            .withoutPadding()
                                            .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)))
                            + "." + parts[1] + ".");

            assertThat(http.get("/auth/me", null).status()).isEqualTo(401);
            assertThat(http.get("/api/meetings", null).status()).isEqualTo(401);
            for (String token : bad) {
                assertThat(http.get("/auth/me", token).status()).as(token).isEqualTo(401);
                assertThat(http.get("/api/meetings", token).status()).as(token).isEqualTo(401);
            }
        }

        @Test
        @DisplayName("a bearer token that fails verification gets a 401 problem with a code, on both chains")
        void failedBearerTokensGetProblemBodies() throws Exception {
            String expired = sign(
                    JWSAlgorithm.HS256,
                    AppTest.JWT_SECRET,
                    adminClaims()
                            .expirationTime(Date.from(Instant.now().minusSeconds(3600)))
                            .build());
            for (String path : List.of("/auth/me", "/api/meetings")) {
                Http.Response r = http.get(path, expired);
                assertThat(r.status()).as(path).isEqualTo(401);
                assertThat(r.contentType()).as(path).startsWith("application/problem+json");
                assertThat(r.at("/code")).as(path).isEqualTo("invalid_token");
                assertThat(r.json().at("/status").asInt()).as(path).isEqualTo(401);

                Http.Response none = http.get(path, null);
                assertThat(none.status()).as(path).isEqualTo(401);
                assertThat(none.contentType()).as(path).startsWith("application/problem+json");
                assertThat(none.at("/code")).as(path).isIn("unauthenticated");
            }
        }

        @Test
        @DisplayName("the application's own chain answers 403 with a problem body")
        void applicationChainForbiddenIsAProblem() {
            String name = unique("gina");
            register(name, "correct horse battery");
            String user = http.login(name, "correct horse battery");

            Http.Response r = http.get("/actuator/metrics", user);

            assertThat(r.status()).isEqualTo(403);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.at("/code")).isEqualTo("forbidden");
        }

        @Test
        @DisplayName("an access token without exp is refused, even correctly signed")
        void tokensWithoutExpAreRefused() throws Exception {
            String forever = sign(
                    JWSAlgorithm.HS256,
                    AppTest.JWT_SECRET,
                    adminClaims().expirationTime(null).build());

            for (String path : List.of("/auth/me", "/api/meetings")) {
                Http.Response r = http.get(path, forever);
                assertThat(r.status()).as(path).isEqualTo(401);
                assertThat(r.at("/code")).as(path).isEqualTo("invalid_token");
            }
        }

        @Test
        @DisplayName("MeetKit's API takes the application's tokens: a user lists meetings but may not create one")
        void rolesReachMeetKitsApi() {
            String name = unique("frank");
            register(name, "correct horse battery");
            String user = http.login(name, "correct horse battery");
            String admin = http.login("admin", AppTest.ADMIN_PASSWORD);

            assertThat(http.get("/api/meetings", user).status()).isEqualTo(200);
            Http.Response denied = http.post("/api/meetings", user, Map.of("title", "Not mine"));
            assertThat(denied.status()).isEqualTo(403);
            Http.Response created = http.post("/api/meetings", admin, Map.of("title", "Team sync"));
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.at("/title")).isEqualTo("Team sync");
        }
    }
}
