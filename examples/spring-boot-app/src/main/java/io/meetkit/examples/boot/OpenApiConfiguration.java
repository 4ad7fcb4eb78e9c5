package io.meetkit.examples.boot;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3 description ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}): every endpoint needs a
 * bearer access token unless it says otherwise. MeetKit's endpoints are documented by the starter (tags, summaries,
 * statuses, problems; its webhook authenticates by its signature instead).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer";

    @Bean
    OpenAPI meetingSystemOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("MeetKit example: meeting system")
                        .version("0.1.0")
                        .description("Admins create and manage meetings and recordings; users list meetings and get"
                                + " LiveKit tokens to join them. Log in with POST /auth/login and send its accessToken"
                                + " as `Authorization: Bearer {accessToken}` (Swagger UI: Authorize).")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("the accessToken of POST /auth/login or /auth/refresh")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
