package io.meetkit.observe;

import java.time.Duration;

/**
 * Hears what MeetKit's components do, for metrics: give one to {@code MeetKit.Builder.observer(...)}. Every
 * component calls it, whether the application calls MeetKit directly or through the Spring Boot starter's REST API,
 * so that, for example, a token issued by {@code kit.tokens().issue(...)} is counted. The starter binds it to
 * Micrometer; without an observer nothing is recorded.
 *
 * <p>Every method has an empty default, so an implementation overrides only what it records. Implementations must be
 * thread-safe and quick (they run on the caller's thread); one that throws is logged and otherwise ignored, never
 * failing the call it observes.
 */
public interface MeetKitObserver {

    /** An observer that records nothing (the default). */
    MeetKitObserver NONE = new MeetKitObserver() {};

    /**
     * A participant token was issued, by {@code issue} or {@code refresh}.
     *
     * @param role the role of the token, for example {@code MODERATOR}
     */
    default void tokenIssued(String role) {}

    /**
     * A LiveKit webhook was received and handled or refused.
     *
     * @param event the event name ({@code room_started}, …), or {@code unknown} when it was refused or failed
     * @param outcome {@code processed}, {@code duplicate}, {@code not_ours}, {@code ignored}, {@code rejected} (refused
     *     before it was applied) or {@code failed} (applying it failed)
     */
    default void webhookReceived(String event, String outcome) {}

    /**
     * A LiveKit API call returned or failed.
     *
     * @param rpc the gateway method called, for example {@code listParticipants}
     * @param outcome {@code success}, or the {@code MeetingException} code it failed with ({@code error} for any
     *     other exception)
     * @param took how long it took
     */
    default void liveKitCall(String rpc, String outcome, Duration took) {}
}
