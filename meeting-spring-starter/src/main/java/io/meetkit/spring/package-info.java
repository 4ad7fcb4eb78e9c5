/**
 * Spring Boot auto-configuration for MeetKit: {@link io.meetkit.spring.MeetKitProperties} ({@code meetkit.*}),
 * the {@link io.meetkit.MeetKit} bean with JDBC or in-memory stores, and {@link io.meetkit.spring.MeetKitBuilderCustomizer}.
 * Applications do not component-scan this package; the auto-configuration classes are listed in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}.
 */
@org.jspecify.annotations.NullMarked
package io.meetkit.spring;
