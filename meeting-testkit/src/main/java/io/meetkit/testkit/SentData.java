package io.meetkit.testkit;

import java.util.List;
import java.util.Objects;
import livekit.LivekitModels.DataPacket;

/**
 * A {@code SendData} call the fake accepted, as recorded by {@link FakeLiveKitServer#sentData()}.
 *
 * @param room                  the room name
 * @param payload               the data bytes (a copy is returned by {@link #payload()})
 * @param kind                  RELIABLE or LOSSY
 * @param destinationIdentities the identities it was addressed to (empty: everyone)
 * @param destinationSids       the participant sids it was addressed to (deprecated by LiveKit, still recorded)
 * @param topic                 the topic, empty if none
 */
public record SentData(
        String room,
        byte[] payload,
        DataPacket.Kind kind,
        List<String> destinationIdentities,
        List<String> destinationSids,
        String topic) {

    /**
     * Copies the mutable parts.
     *
     * @throws NullPointerException if a part is null
     */
    public SentData {
        Objects.requireNonNull(room, "room");
        payload = Objects.requireNonNull(payload, "payload").clone();
        Objects.requireNonNull(kind, "kind");
        destinationIdentities = List.copyOf(destinationIdentities);
        destinationSids = List.copyOf(destinationSids);
        Objects.requireNonNull(topic, "topic");
    }

    /**
     * The data bytes.
     *
     * @return a copy of the payload
     */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * The payload decoded as UTF-8, for text payloads.
     *
     * @return the payload as a string
     */
    public String payloadUtf8() {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }
}
