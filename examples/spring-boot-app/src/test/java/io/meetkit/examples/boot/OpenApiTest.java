package io.meetkit.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** {@code /v3/api-docs} names every endpoint of the application and of MeetKit, with responses and security. */
@AppTest
class OpenApiTest {

    /** Endpoints that take no bearer token. */
    static final Set<String> PUBLIC =
            Set.of("POST /auth/login", "POST /auth/refresh", "POST /auth/logout", "POST /livekit/webhook");

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** Every "METHOD /path" the application serves under /auth, /api, /local and the webhook path. */
    List<String> endpoints() {
        List<String> out = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String path : info.getPatternValues()) {
                if (path.startsWith("/auth")
                        || path.startsWith("/api")
                        || path.startsWith("/local")
                        || path.equals("/livekit/webhook")) {
                    for (RequestMethod m : info.getMethodsCondition().getMethods()) {
                        out.add(m.name() + " " + path);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void apiDocsNameEveryEndpointWithItsResponsesAndSecurity() {
        Http.Response docs = new Http(port).get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.json().get("paths");
        List<String> endpoints = endpoints();

        assertThat(endpoints)
                .contains("POST /auth/login", "POST /auth/register", "POST /api/meetings", "GET /api/meetings");
        for (String endpoint : endpoints) {
            String method = endpoint.substring(0, endpoint.indexOf(' ')).toLowerCase(Locale.ROOT);
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            JsonNode op = paths.path(path).path(method);
            assertThat(op.isObject()).as("%s in /v3/api-docs", endpoint).isTrue();
            assertThat(op.path("responses").size())
                    .as("responses of %s", endpoint)
                    .isPositive();
            JsonNode security =
                    op.has("security") ? op.get("security") : docs.json().path("security");
            if (PUBLIC.contains(endpoint)) {
                assertThat(security.isEmpty())
                        .as("%s takes no bearer token", endpoint)
                        .isTrue();
            } else if (!endpoint.equals("POST /auth/register")) {
                assertThat(security.toString()).as("security of %s", endpoint).contains("bearer");
            }
        }
        assertThat(docs.json().at("/components/securitySchemes/bearer/scheme").asText())
                .isEqualTo("bearer");
        assertThat(docs.json()
                        .at("/components/schemas/TokenResponse/properties/refreshToken")
                        .isObject())
                .isTrue();
    }

    @Test
    void meetKitsEndpointsAreDocumentedByTheStarter() {
        JsonNode docs = new Http(port).get("/v3/api-docs", null).json();
        JsonNode paths = docs.get("paths");
        List<String> meetKit = endpoints().stream()
                .filter(e -> e.contains(" /api/") || e.endsWith(" /livekit/webhook"))
                .toList();
        assertThat(meetKit).hasSizeGreaterThan(20);
        for (String endpoint : meetKit) {
            String method = endpoint.substring(0, endpoint.indexOf(' ')).toLowerCase(Locale.ROOT);
            JsonNode op =
                    paths.path(endpoint.substring(endpoint.indexOf(' ') + 1)).path(method);
            assertThat(op.path("tags").get(0).asText())
                    .as("tag of %s", endpoint)
                    .startsWith("MeetKit ");
            assertThat(op.path("summary").asText())
                    .as("summary of %s", endpoint)
                    .isNotBlank();
            assertThat(op.path("description").asText())
                    .as("description of %s", endpoint)
                    .isNotBlank();
            List<String> errors = new ArrayList<>();
            op.path("responses").fieldNames().forEachRemaining(status -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    errors.add(status);
                    assertThat(op.at("/responses/" + status + "/content/application~1problem+json/schema/$ref")
                                    .asText())
                            .as("%s %s", endpoint, status)
                            .isEqualTo("#/components/schemas/MeetKitProblem");
                }
            });
            assertThat(errors).as("error responses of %s", endpoint).contains("400", "401");
        }
        JsonNode create = paths.at("/~1api~1meetings/post/responses");
        assertThat(create.has("200")).isFalse();
        assertThat(create.at("/201/headers/Location").isObject()).isTrue();
        assertThat(create.at("/201/content/application~1json/schema").isObject())
                .isTrue();
        assertThat(paths.at("/~1api~1meetings~1{id}/delete/responses").has("202"))
                .isTrue();
        assertThat(paths.at("/~1api~1recordings~1{rid}/responses").isMissingNode())
                .isTrue();
        assertThat(paths.at("/~1api~1recordings~1{rid}/delete/responses").has("204"))
                .isTrue();
        assertThat(paths.at("/~1api~1recordings~1{rid}~1download/get/responses/302/headers/Location")
                        .isObject())
                .isTrue();
        assertThat(paths.at("/~1api~1recordings~1{rid}~1media/get/responses").has("206"))
                .isTrue();
        assertThat(paths.at("/~1api~1meetings~1{id}~1token/post/responses/409").isObject())
                .isTrue();
        assertThat(docs.at("/components/schemas/MeetKitProblem/properties/violations/type")
                        .asText())
                .isEqualTo("array");
        assertThat(docs.at("/components/schemas/MeetKitProblem/properties/code").isObject())
                .isTrue();
        assertThat(docs.at("/info/description").asText())
                .as("no HTML-looking <token> that Swagger UI swallows")
                .doesNotContain("<")
                .contains("Authorization: Bearer {accessToken}");
    }

    @Test
    void swaggerUiIsServed() {
        Http.Response ui = new Http(port).get("/swagger-ui/index.html", null);

        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.text()).contains("swagger-ui");
    }
}
