/** Actuator health and Micrometer metrics for MeetKit, on when the application has them. */
@org.jspecify.annotations.NullMarked
package io.meetkit.spring.actuate;
