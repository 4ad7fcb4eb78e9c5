/**
 * MeetKit's REST API under {@code /api}, its security filter chain, the LiveKit webhook endpoint and the
 * {@code application/problem+json} error mapping. Turned on by {@link io.meetkit.spring.web.MeetKitWebAutoConfiguration}.
 */
@org.jspecify.annotations.NullMarked
package io.meetkit.spring.web;
