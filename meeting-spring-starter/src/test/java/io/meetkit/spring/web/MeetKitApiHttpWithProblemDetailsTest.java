package io.meetkit.spring.web;

import org.springframework.test.context.TestPropertySource;

/**
 * The whole HTTP suite of {@link MeetKitApiHttpTest} again with {@code spring.mvc.problemdetails.enabled=true}, which
 * many applications (and MeetKit's example) set: Spring's own {@code ProblemDetailsExceptionHandler} must not take
 * MeetKit's malformed-body, bad-UUID and missing-parameter answers (they keep {@code code} and {@code violations}).
 */
@TestPropertySource(properties = "spring.mvc.problemdetails.enabled=true")
class MeetKitApiHttpWithProblemDetailsTest extends MeetKitApiHttpTest {}
