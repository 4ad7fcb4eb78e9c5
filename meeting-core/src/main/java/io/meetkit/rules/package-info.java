/**
 * MeetKit's input rules, each in one place: identities, display names, attributes, durations, the clock skew, the
 * secret length and the limits. Core and the Spring Boot starter both check their input here, so the two can never
 * drift apart. This package imports nothing else from MeetKit.
 */
@NullMarked
package io.meetkit.rules;

import org.jspecify.annotations.NullMarked;
