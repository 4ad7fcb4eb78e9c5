package io.meetkit.internal.participant;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.meetkit.internal.jwt.JwtClaims;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.ParticipantPermissions;
import io.meetkit.meeting.Permission;
import io.meetkit.meeting.PermissionSet;
import io.meetkit.participant.AppPermissions;
import io.meetkit.participant.ParticipantClaims;
import io.meetkit.participant.ParticipantRole;
import io.meetkit.participant.TokenRejectedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The JSON MeetKit puts into and reads out of participant tokens and role signals, as OpenVidu Meet writes it:
 * {@code {"livekitUrl":…,"roles":[{"role":…,"permissions":{…}}],"selectedRole":…}}, then MeetKit's
 * {@code "initialAudioEnabled"} and {@code "initialVideoEnabled"} (OpenVidu Meet's room settings of those names, for
 * the application's client). Thread-safe. Not API.
 */
final class TokenMetadata {

    private static final ObjectReader JSON = new ObjectMapper().reader();

    private final String metadataPrefix;

    /** Metadata for tokens whose clients connect to {@code clientUrl}. */
    TokenMetadata(String clientUrl) {
        this.metadataPrefix = prefix(clientUrl);
    }

    /** How the metadata of every token MeetKit signs for {@code clientUrl} begins. */
    static String prefix(String clientUrl) {
        return "{\"livekitUrl\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(clientUrl))
                + "\",\"roles\":[";
    }

    /** OpenVidu Meet's metadata JSON; role names never need escaping, the URL is escaped once. */
    String write(List<ParticipantRole> held, ParticipantRole selected, Meeting meeting) {
        return write(
                held,
                selected,
                meeting,
                meeting.settings().initialAudioEnabled(),
                meeting.settings().initialVideoEnabled());
    }

    /** OpenVidu Meet's metadata JSON with this join's initial media state. */
    String write(
            List<ParticipantRole> held,
            ParticipantRole selected,
            Meeting meeting,
            boolean initialAudioEnabled,
            boolean initialVideoEnabled) {
        StringBuilder sb = new StringBuilder(metadataPrefix.length() + 120 * held.size() + 32).append(metadataPrefix);
        for (int i = 0; i < held.size(); i++) {
            ParticipantRole r = held.get(i).in(meeting.settings());
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"role\":\"").append(r.name()).append("\",\"permissions\":");
            permissions(sb, r.permissions());
            sb.append('}');
        }
        return sb.append("],\"selectedRole\":\"")
                .append(selected.name())
                .append("\",\"initialAudioEnabled\":")
                .append(initialAudioEnabled)
                .append(",\"initialVideoEnabled\":")
                .append(initialVideoEnabled)
                .append('}')
                .toString();
    }

    /**
     * The role's permissions: every {@link Permission} key with its value (OpenVidu Meet's current keys), then the
     * former {@code canRecord}, {@code canChat} and {@code canChangeVirtualBackground} for clients written before.
     */
    private static void permissions(StringBuilder sb, PermissionSet p) {
        sb.append('{');
        for (Permission each : Permission.values()) {
            sb.append('"')
                    .append(each.key())
                    .append("\":")
                    .append(p.contains(each))
                    .append(',');
        }
        AppPermissions app = AppPermissions.of(p);
        sb.append("\"canRecord\":")
                .append(app.canRecord())
                .append(",\"canChat\":")
                .append(app.canChat())
                .append(",\"canChangeVirtualBackground\":")
                .append(app.canChangeVirtualBackground())
                .append('}');
    }

    static byte[] roleSignal(String identity, ParticipantRole role) {
        StringBuilder sb = new StringBuilder(160)
                .append("{\"type\":\"participant_role_updated\",\"identity\":\"")
                .append(JsonStringEncoder.getInstance().quoteAsString(identity))
                .append("\",\"role\":\"")
                .append(role.name())
                .append("\",\"permissions\":");
        permissions(sb, role.permissions());
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A boolean of a verified token's metadata, such as {@code initialAudioEnabled}, or {@code fallback} when the
     * metadata has none (a token signed before the key existed).
     */
    static boolean flag(String metadata, String key, boolean fallback) {
        JsonNode meta = parseMetadata(metadata);
        JsonNode value = meta == null ? null : meta.get(key);
        return value != null && value.isBoolean() ? value.booleanValue() : fallback;
    }

    private static @Nullable JsonNode parseMetadata(String metadata) {
        if (metadata.isEmpty() || metadata.charAt(0) != '{') {
            return null;
        }
        try {
            return JSON.readTree(metadata);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Reads a verified token's claims, its metadata JSON included, as the API's {@link ParticipantClaims}.
     *
     * @throws TokenRejectedException {@code MALFORMED} if {@code exp} or {@code nbf} is no instant (2^63−1 is a valid
     *     number of seconds for the codec, but no date)
     */
    static ParticipantClaims claims(JwtClaims claims) {
        Instant exp = instant(claims.exp(), "exp");
        Instant nbf = claims.nbf().isPresent() ? instant(claims.nbf().getAsLong(), "nbf") : null;
        Optional<JsonNode> video = claims.video();
        String room = video.map(v -> v.get("room"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::textValue)
                .orElse(null);
        boolean canJoin =
                video.map(v -> v.get("roomJoin")).map(JsonNode::asBoolean).orElse(false);
        String metadata = claims.metadata().orElse("");
        String selected = null;
        List<String> held = new ArrayList<>();
        AppPermissions permissions = null;
        PermissionSet rolePermissions = null;
        JsonNode meta = parseMetadata(metadata);
        if (meta != null && meta.path("selectedRole").isTextual()) {
            selected = meta.get("selectedRole").textValue();
            for (JsonNode r : meta.path("roles")) {
                if (r.path("role").isTextual()) {
                    String name = r.get("role").textValue();
                    held.add(name);
                    if (name.equals(selected)) {
                        JsonNode p = r.path("permissions");
                        permissions = new AppPermissions(
                                p.path("canRecord").asBoolean(false),
                                p.path("canChat").asBoolean(false),
                                p.path("canChangeVirtualBackground").asBoolean(false));
                        rolePermissions = permissionSet(p, permissions);
                    }
                }
            }
        }
        return new ParticipantClaims(
                claims.iss(),
                claims.sub().orElse(null),
                claims.name().orElse(null),
                room,
                canJoin,
                selected,
                held,
                permissions,
                rolePermissions,
                nbf,
                exp,
                metadata);
    }

    /** The permission set of a metadata's permissions object; one with only the former keys as they map. */
    private static PermissionSet permissionSet(JsonNode p, AppPermissions former) {
        if (!p.has(Permission.MEETING_JOIN.key())) {
            return former.toPermissionSet(ParticipantPermissions.PUBLISHER);
        }
        List<Permission> held = new ArrayList<>();
        for (Permission each : Permission.values()) {
            if (p.path(each.key()).asBoolean(false)) {
                held.add(each);
            }
        }
        return PermissionSet.of(held);
    }

    private static Instant instant(long seconds, String claim) {
        if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
            throw new TokenRejectedException(
                    TokenRejectedException.Reason.MALFORMED,
                    "participant token rejected: claim " + claim + " is out of the range of dates");
        }
        return Instant.ofEpochSecond(seconds);
    }
}
