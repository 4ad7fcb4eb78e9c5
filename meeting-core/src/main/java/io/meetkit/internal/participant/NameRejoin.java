package io.meetkit.internal.participant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.meetkit.NotFoundException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.ParticipantUpdate;
import io.meetkit.participant.ParticipantRole;
import io.meetkit.participant.ParticipantTokens;
import io.meetkit.participant.RolePolicy;
import io.meetkit.store.NameReservation;
import io.meetkit.store.ParticipantNameStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rejoin keeps the name (issue 16): after {@code participant_left} released a participant's name, LiveKit lets it
 * reconnect with its still-valid token. On its {@code participant_joined}, an identity with no live reservation gets
 * its name reserved again: the same name if still free, else the smallest free variant of its base name
 * ({@code Guest_3} taken: {@code Guest_5} if that is the smallest free), and then its name is updated in LiveKit
 * ({@code UpdateParticipant}), so its refresh works again and no second participant is given the same name.
 *
 * <p>Only participants holding a token MeetKit signed (its metadata prefix) are handled. The role recorded is the
 * token metadata's {@code selectedRole}, and only for a role of the policy that cannot update its own metadata
 * (every role MeetKit ships): a participant that can edit its metadata could name any role there, so such a
 * participant is left without a reservation (and its refresh refused) rather than trusted. Thread-safe.
 */
public final class NameRejoin {

    private static final Logger log = LoggerFactory.getLogger(NameRejoin.class);
    private static final ObjectReader JSON = new ObjectMapper().reader();

    private final MeetKitContext context;
    private final RolePolicy roles;
    private final Duration reservationTtl;
    private final String metadataPrefix;

    /**
     * Creates the component.
     *
     * @param context the shared context
     * @param roles the role policy tokens are issued with
     * @param tokenTtl how long tokens live: a re-reservation lasts as long as a new token's
     */
    public NameRejoin(MeetKitContext context, RolePolicy roles, Duration tokenTtl) {
        this.context = Objects.requireNonNull(context, "context");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.reservationTtl = tokenTtl.plus(ParticipantTokens.RESERVATION_MARGIN);
        this.metadataPrefix = TokenMetadata.prefix(context.clientUrl());
    }

    /**
     * Called for every {@code participant_joined} that was not refused: re-reserves the name of a participant that
     * has none.
     *
     * @param meeting the meeting
     * @param identity the participant identity
     * @param name the participant's name in LiveKit (the name MeetKit reserved when it issued the token)
     * @param metadata the participant's metadata
     * @return the new reservation, or empty if none was needed or possible
     */
    public Optional<NameReservation> onJoined(Meeting meeting, String identity, String name, String metadata) {
        if (name.isEmpty() || !metadata.startsWith(metadataPrefix)) {
            return Optional.empty();
        }
        ParticipantNameStore names = context.stores().participantNames();
        Instant now = context.now();
        if (names.findByIdentity(meeting.id(), identity, now).isPresent()) {
            return Optional.empty();
        }
        Optional<ParticipantRole> role = selectedRole(metadata);
        if (role.isEmpty() || role.get().liveKit().canUpdateMetadata()) {
            log.info(
                    "Participant '{}' rejoined meeting {} without a reservation and no trusted role",
                    identity,
                    meeting.id());
            return Optional.empty();
        }
        Instant until = now.plus(reservationTtl);
        NameReservation r =
                names.reserve(meeting.id(), name, identity, role.get().name(), now, until);
        String key = ParticipantNameStore.nameKey(name);
        if (!r.displayName().equals(name) && ParticipantNameStore.suffixOf(key) > 1) {
            // Guest_3 is taken: the smallest free Guest_n, not Guest_3_2
            names.release(meeting.id(), identity);
            String base = name.substring(0, name.lastIndexOf('_'));
            r = names.reserve(meeting.id(), base, identity, role.get().name(), now, until);
        }
        if (!r.displayName().equals(name)) {
            try {
                context.liveKit()
                        .updateParticipant(
                                meeting.roomName(),
                                identity,
                                ParticipantUpdate.builder()
                                        .name(r.displayName())
                                        .build());
            } catch (NotFoundException gone) {
                names.release(meeting.id(), identity); // left again meanwhile
                return Optional.empty();
            }
        }
        log.info("Participant '{}' rejoined meeting {} as '{}'", identity, meeting.id(), r.displayName());
        return Optional.of(r);
    }

    private Optional<ParticipantRole> selectedRole(String metadata) {
        try {
            JsonNode md = JSON.readTree(metadata);
            JsonNode selected = md == null ? null : md.get("selectedRole");
            return selected == null || !selected.isTextual() ? Optional.empty() : roles.find(selected.asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
