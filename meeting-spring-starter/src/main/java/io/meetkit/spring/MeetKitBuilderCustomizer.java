package io.meetkit.spring;

import io.meetkit.MeetKit;

/**
 * Changes one thing of the {@link MeetKit.Builder} the auto-configuration prepared from {@code meetkit.*}, for
 * example a listener, a clock or a LiveKit gateway, without replacing the whole {@link MeetKit} bean. Every
 * customizer bean is applied, in {@link org.springframework.core.annotation.Order} order, just before
 * {@link MeetKit.Builder#build()}.
 *
 * <pre>{@code
 * @Bean
 * MeetKitBuilderCustomizer auditEvents(AuditLog audit) {
 *     return builder -> builder.listener(audit::record);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MeetKitBuilderCustomizer {

    /**
     * Changes the builder.
     *
     * @param builder the builder, already holding the properties' settings
     */
    void customize(MeetKit.Builder builder);
}
