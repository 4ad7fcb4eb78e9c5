package io.meetkit.internal.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meetkit.event.MeetingEvent;
import io.meetkit.meeting.Meeting;
import io.meetkit.recording.Recording;
import io.meetkit.store.OutboxEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of MeetKit's events: the {@code data} object stored in the outbox, and the envelope the relay posts and
 * the feed hands out. The data never contains the meetings' role secrets. Stateless and thread-safe. Not API.
 */
public final class EventJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventJson() {}

    /**
     * The envelope: {@code {"id", "event", "meetingId", "sequence", "position", "createdAt" (epoch ms of the event),
     * "occurredAt" (ISO-8601), "data"}}, with the stored data as it is.
     */
    public static byte[] envelope(OutboxEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + e.data().length());
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", e.id().toString());
            g.writeStringField("event", e.type());
            g.writeStringField("meetingId", e.meetingId().toString());
            g.writeNumberField("sequence", e.sequence());
            g.writeNumberField("position", e.position());
            g.writeNumberField("createdAt", e.occurredAt().toEpochMilli());
            g.writeStringField("occurredAt", e.occurredAt().toString());
            g.writeFieldName("data");
            g.writeRawValue(e.data());
            g.writeEndObject();
        } catch (IOException x) {
            throw new UncheckedIOException("could not write the envelope of " + e.type(), x);
        }
        return out.toByteArray();
    }

    /** The event's data as a JSON object. */
    public static String data(MeetingEvent event) {
        ObjectNode data = JSON.createObjectNode();
        if (event instanceof MeetingEvent.MeetingStarted e) {
            meeting(data, e.meeting());
        } else if (event instanceof MeetingEvent.MeetingEnded e) {
            meeting(data, e.meeting());
            data.put("deleted", e.deleted());
        } else if (event instanceof MeetingEvent.ParticipantJoined e) {
            participant(data, e.meeting(), e.identity(), e.name());
        } else if (event instanceof MeetingEvent.ParticipantLeft e) {
            participant(data, e.meeting(), e.identity(), e.name());
        } else if (event instanceof MeetingEvent.RecordingStarted e) {
            recording(data, e.recording());
        } else if (event instanceof MeetingEvent.RecordingUpdated e) {
            recording(data, e.recording());
        } else if (event instanceof MeetingEvent.RecordingEnded e) {
            recording(data, e.recording());
        }
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the data of " + event.type(), e);
        }
    }

    private static void meeting(ObjectNode data, Meeting m) {
        data.put("id", m.id().toString());
        data.put("roomName", m.roomName());
        data.put("title", m.title());
        data.put("createdBy", m.createdBy());
        data.put("status", m.status().name());
        data.put("endAction", m.endAction().name());
        time(data, "startedAt", m.startedAt().orElse(null));
        time(data, "endedAt", m.endedAt().orElse(null));
        ObjectNode attributes = data.putObject("attributes");
        m.attributes().forEach(attributes::put);
    }

    private static void participant(ObjectNode data, Meeting m, String identity, String name) {
        data.put("identity", identity);
        data.put("name", name);
        meeting(data.putObject("meeting"), m);
    }

    private static void recording(ObjectNode data, Recording r) {
        data.put("id", r.id().toString());
        data.put("meetingId", r.meetingId().toString());
        data.put("egressId", r.egressId().orElse(null));
        data.put("status", r.status().name());
        data.put("objectKey", r.objectKey());
        data.put("location", r.location().orElse(null));
        data.put("startedBy", r.startedBy());
        time(data, "startedAt", r.startedAt().orElse(null));
        time(data, "endedAt", r.endedAt().orElse(null));
        time(data, "stopRequestedAt", r.stopRequestedAt().orElse(null));
        if (r.duration().isPresent()) {
            data.put("durationMs", r.duration().get().toMillis());
        } else {
            data.putNull("durationMs");
        }
        if (r.sizeBytes().isPresent()) {
            data.put("sizeBytes", r.sizeBytes().get());
        } else {
            data.putNull("sizeBytes");
        }
        data.put("error", r.error().orElse(null));
    }

    private static void time(ObjectNode data, String field, @Nullable Instant at) {
        if (at == null) {
            data.putNull(field);
        } else {
            data.put(field, at.toString());
        }
    }
}
