/**
 * The seed's meeting system built on MeetKit's Spring Boot starter: the application, its OpenAPI description and the
 * database migrations. Users and authentication are in {@code auth}, the embedded local services in {@code local}.
 */
@NullMarked
package io.meetkit.examples.boot;

import org.jspecify.annotations.NullMarked;
