/**
 * Observation: {@link io.meetkit.observe.MeetKitObserver} hears what MeetKit's components do (tokens issued,
 * webhooks received, LiveKit calls), whichever way they were called, so that a metrics library can count it. It
 * has no dependency on any metrics library; the Spring Boot starter binds it to Micrometer.
 */
@NullMarked
package io.meetkit.observe;

import org.jspecify.annotations.NullMarked;
