package io.meetkit.spring.openapi;

import io.meetkit.MeetKit;
import io.meetkit.spring.MeetKitProperties;
import io.meetkit.spring.web.MeetKitWebAutoConfiguration;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Documents MeetKit's REST API and webhook endpoint in the application's OpenAPI description when springdoc-openapi
 * is on the classpath: an {@link OpenApiCustomizer} ({@link MeetKitOpenApi}) that gives MeetKit's operations their
 * tags, summaries, real success statuses and RFC 9457 error responses. Without springdoc nothing happens.
 */
@AutoConfiguration(after = MeetKitWebAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
@ConditionalOnBean(MeetKit.class)
public class MeetKitOpenApiAutoConfiguration {

    /** Created by Spring. */
    public MeetKitOpenApiAutoConfiguration() {}

    /**
     * The customizer; define a bean named {@code meetKitOpenApiCustomizer} to replace it.
     *
     * @param properties for the webhook path
     * @return the customizer
     */
    @Bean
    @ConditionalOnMissingBean(name = "meetKitOpenApiCustomizer")
    public OpenApiCustomizer meetKitOpenApiCustomizer(MeetKitProperties properties) {
        return new MeetKitOpenApi(properties.getWebhook().getPath());
    }
}
