package io.meetkit.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints a {@link MeetKitConfigurationException} as Spring Boot's "APPLICATION FAILED TO START" report, with its
 * description and action, instead of a stack trace. Registered in {@code META-INF/spring.factories}. Thread-safe.
 */
public final class MeetKitFailureAnalyzer extends AbstractFailureAnalyzer<MeetKitConfigurationException> {

    /** Created by Spring Boot. */
    public MeetKitFailureAnalyzer() {}

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MeetKitConfigurationException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
