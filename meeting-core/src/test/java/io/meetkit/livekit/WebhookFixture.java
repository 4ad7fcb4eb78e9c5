package io.meetkit.livekit;

import io.meetkit.MeetKit;
import io.meetkit.MutableClock;
import io.meetkit.event.MeetingEvent;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.EndAction;
import io.meetkit.meeting.Meeting;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A MeetKit on in-memory stores and a controlled clock, with one meeting and a listener that records events. */
final class WebhookFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final List<MeetingEvent> events = new CopyOnWriteArrayList<>();
    final MeetKit kit;
    final Meeting meeting;

    WebhookFixture() {
        this(EndAction.NONE);
    }

    WebhookFixture(EndAction endAction) {
        kit = MeetKit.builder()
                .liveKitUrl("http://127.0.0.1:9") // never called: webhooks need no LiveKit call
                .apiKey(WebhookForge.API_KEY)
                .apiSecret(WebhookForge.SECRET)
                .clock(clock)
                .listener(events::add)
                .build();
        meeting = kit.meetings()
                .create(CreateMeeting.builder("Daily sync", "user-1")
                        .endAction(endAction)
                        .build());
    }

    long nowSeconds() {
        return clock.instant().getEpochSecond();
    }

    String room() {
        return meeting.roomName();
    }

    Meeting current() {
        return kit.meetings().require(meeting.id());
    }

    /** Delivers a body with a valid token. */
    WebhookOutcome deliver(byte[] body) {
        return kit.webhooks().handle(body, WebhookForge.sign(body, nowSeconds()));
    }

    @Override
    public void close() {
        kit.close();
    }
}
