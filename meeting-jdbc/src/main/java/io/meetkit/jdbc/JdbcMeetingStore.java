package io.meetkit.jdbc;

import static io.meetkit.jdbc.JdbcAccess.getInstant;
import static io.meetkit.jdbc.JdbcAccess.getRequiredInstant;
import static io.meetkit.jdbc.JdbcAccess.getUuid;
import static io.meetkit.jdbc.JdbcAccess.setInstant;
import static io.meetkit.jdbc.JdbcAccess.setNullableString;

import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.StoreException;
import io.meetkit.meeting.DeletionPolicy;
import io.meetkit.meeting.EndAction;
import io.meetkit.meeting.LiveMeetingPolicy;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingSettings;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.meeting.PermissionSet;
import io.meetkit.meeting.RecordingsPolicy;
import io.meetkit.store.KeysetPosition;
import io.meetkit.store.MeetingFilter;
import io.meetkit.store.MeetingStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MeetingStore} in a SQL table ({@code <prefix>meetings}). The room name is unique by constraint, updates
 * are compare-and-set on {@code version}, and pages are keyset queries on the index over {@code (created_at, id)}.
 *
 * <p>Values longer than their columns are refused with {@link InvalidRequestException} before any SQL runs; database
 * failures throw {@link StoreException}. Thread-safe; get it from {@link JdbcStores#meetings()}.
 */
public final class JdbcMeetingStore implements MeetingStore {

    /** Column limits, checked before SQL runs. */
    static final int ROOM_NAME_MAX = 256;

    static final int TITLE_MAX = 500;
    static final int CREATED_BY_MAX = 255;
    static final int SECRET_MAX = 128;
    static final int ROOM_SID_MAX = 128;
    static final int ATTRIBUTES_MAX = 1_000_000;
    static final int FILTER_MAX = 1000;

    private static final String COLUMNS = "id, room_name, title, created_by, status, end_action, recording_enabled,"
            + " chat_enabled, virtual_background_enabled, max_participants, empty_timeout_seconds, auto_record,"
            + " auto_delete_at, auto_delete_live_policy, auto_delete_rec_policy, attributes, moderator_secret,"
            + " speaker_secret, role_permissions, created_at, updated_at, started_at, ended_at, room_sid, version,"
            + " max_duration_minutes, initial_audio_enabled, initial_video_enabled, max_duration_reached_at";

    private final JdbcAccess jdbc;
    private final String table;
    private final String constraintRoomName;
    private final String insertSql;
    private final String updateSql;

    JdbcMeetingStore(JdbcAccess jdbc, String prefix) {
        this.jdbc = jdbc;
        this.table = prefix + "meetings";
        this.constraintRoomName = prefix + "meetings_room_name_uq";
        this.insertSql = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        this.updateSql = "UPDATE " + table + " SET title = ?, created_by = ?, status = ?, end_action = ?,"
                + " recording_enabled = ?, chat_enabled = ?, virtual_background_enabled = ?, max_participants = ?,"
                + " empty_timeout_seconds = ?, auto_record = ?, auto_delete_at = ?, auto_delete_live_policy = ?,"
                + " auto_delete_rec_policy = ?, attributes = ?, moderator_secret = ?, speaker_secret = ?,"
                + " role_permissions = ?, updated_at = ?, started_at = ?, ended_at = ?, room_sid = ?,"
                + " max_duration_minutes = ?, initial_audio_enabled = ?, initial_video_enabled = ?,"
                + " max_duration_reached_at = ?, version = version + 1"
                + " WHERE id = ? AND version = ? AND room_name = ? AND created_at = ?";
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidRequestException if a value is longer than its column
     */
    @Override
    public void insert(Meeting meeting) {
        Objects.requireNonNull(meeting, "meeting");
        String attributes = checked(meeting);
        jdbc.withConnection("meeting insert", c -> {
            try (PreparedStatement ps = c.prepareStatement(insertSql)) {
                ps.setObject(1, meeting.id());
                ps.setString(2, meeting.roomName());
                bindMutable(ps, 3, meeting, attributes);
                setInstant(ps, 20, meeting.createdAt());
                setInstant(ps, 21, meeting.updatedAt());
                setInstant(ps, 22, meeting.startedAt().orElse(null));
                setInstant(ps, 23, meeting.endedAt().orElse(null));
                setNullableString(ps, 24, meeting.roomSid().orElse(null));
                ps.setLong(25, meeting.version());
                bindLimits(ps, 26, meeting);
                return ps.executeUpdate();
            } catch (SQLException e) {
                if (JdbcAccess.isUniqueViolation(e)) {
                    throw new ConflictException(
                            ConflictException.ALREADY_EXISTS,
                            (JdbcAccess.violates(e, constraintRoomName)
                                    ? "room name already exists: " + meeting.roomName()
                                    : "meeting id already exists: " + meeting.id()));
                }
                throw e;
            }
        });
    }

    /** Binds title … speaker_secret (16 parameters) from {@code first}. */
    private static void bindMutable(PreparedStatement ps, int first, Meeting m, String attributes) throws SQLException {
        int i = first;
        ps.setString(i++, m.title());
        ps.setString(i++, m.createdBy());
        ps.setString(i++, m.status().name());
        ps.setString(i++, m.endAction().name());
        MeetingSettings s = m.settings();
        ps.setBoolean(i++, s.recordingEnabled());
        ps.setBoolean(i++, s.chatEnabled());
        ps.setBoolean(i++, s.virtualBackgroundEnabled());
        ps.setInt(i++, s.maxParticipants());
        ps.setInt(i++, Math.toIntExact(s.emptyTimeout().toSeconds()));
        ps.setBoolean(i++, s.autoRecord());
        setInstant(ps, i++, m.autoDeleteAt().orElse(null));
        ps.setString(i++, m.autoDeletePolicy().withMeeting().name());
        ps.setString(i++, m.autoDeletePolicy().withRecordings().name());
        ps.setString(i++, attributes);
        ps.setString(i++, m.moderatorSecret());
        ps.setString(i++, m.speakerSecret());
        ps.setString(i, rolePermissions(s));
    }

    /**
     * Binds max_duration_minutes … max_duration_reached_at (4 parameters) from {@code first}; the last is derived
     * ({@link Meeting#maxDurationReachedAt()}), so that {@link #findOverMaxDuration} is one indexed range query.
     */
    private static void bindLimits(PreparedStatement ps, int first, Meeting m) throws SQLException {
        MeetingSettings s = m.settings();
        if (s.maxDurationMinutes().isPresent()) {
            ps.setInt(first, s.maxDurationMinutes().getAsInt());
        } else {
            ps.setNull(first, Types.INTEGER);
        }
        ps.setBoolean(first + 1, s.initialAudioEnabled());
        ps.setBoolean(first + 2, s.initialVideoEnabled());
        setInstant(ps, first + 3, m.maxDurationReachedAt().orElse(null));
    }

    /** Checks the column limits and returns the attributes as JSON. */
    private static String checked(Meeting m) {
        String attributes = AttributesJson.write(m.attributes());
        JdbcAccess.limits()
                .check("roomName", m.roomName(), ROOM_NAME_MAX)
                .check("title", m.title(), TITLE_MAX)
                .check("createdBy", m.createdBy(), CREATED_BY_MAX)
                .check("moderatorSecret", m.moderatorSecret(), SECRET_MAX)
                .check("speakerSecret", m.speakerSecret(), SECRET_MAX)
                .check("roomSid", m.roomSid().orElse(null), ROOM_SID_MAX)
                .check("attributes", attributes, ATTRIBUTES_MAX)
                .throwIfAny();
        return attributes;
    }

    @Override
    public Optional<Meeting> findById(UUID id) {
        Objects.requireNonNull(id, "id");
        return jdbc.queryOne(
                "meeting lookup",
                "SELECT " + COLUMNS + " FROM " + table + " WHERE id = ?",
                ps -> ps.setObject(1, id),
                JdbcMeetingStore::map);
    }

    @Override
    public Optional<Meeting> findByRoomName(String roomName) {
        Objects.requireNonNull(roomName, "roomName");
        if (roomName.length() > ROOM_NAME_MAX) {
            return Optional.empty();
        }
        return jdbc.queryOne(
                "meeting lookup",
                "SELECT " + COLUMNS + " FROM " + table + " WHERE room_name = ?",
                ps -> ps.setString(1, roomName),
                JdbcMeetingStore::map);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code changed} has another room name or creation time than the stored
     *     meeting of the same version (they never change)
     * @throws InvalidRequestException if a value is longer than its column
     */
    @Override
    public Optional<Meeting> update(Meeting changed) {
        Objects.requireNonNull(changed, "changed");
        String attributes = checked(changed);
        int updated = jdbc.update("meeting update", updateSql, ps -> {
            bindMutable(ps, 1, changed, attributes);
            setInstant(ps, 18, changed.updatedAt());
            setInstant(ps, 19, changed.startedAt().orElse(null));
            setInstant(ps, 20, changed.endedAt().orElse(null));
            setNullableString(ps, 21, changed.roomSid().orElse(null));
            bindLimits(ps, 22, changed);
            ps.setObject(26, changed.id());
            ps.setLong(27, changed.version());
            ps.setString(28, changed.roomName());
            setInstant(ps, 29, changed.createdAt());
        });
        if (updated == 1) {
            return Optional.of(
                    changed.toBuilder().version(changed.version() + 1).build());
        }
        // not updated: gone, another version, or an attempt to change what never changes
        Optional<Meeting> current = findById(changed.id());
        if (current.isPresent() && current.get().version() == changed.version()) {
            throw new IllegalArgumentException("roomName and createdAt of a meeting never change: " + changed.id());
        }
        return Optional.empty();
    }

    @Override
    public boolean delete(UUID id) {
        Objects.requireNonNull(id, "id");
        return jdbc.update("meeting delete", "DELETE FROM " + table + " WHERE id = ?", ps -> ps.setObject(1, id)) > 0;
    }

    /**
     * {@inheritDoc}
     *
     * <p>One query: {@code WHERE (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS
     * ONLY}, plus the filters; the title filter is a bound {@code LIKE} parameter with {@code %} and {@code _}
     * escaped.
     *
     * @throws IllegalArgumentException if {@code limit < 1}
     * @throws InvalidRequestException if a filter value is longer than its column
     */
    @Override
    public List<Meeting> page(MeetingFilter filter, @Nullable KeysetPosition after, int limit) {
        Objects.requireNonNull(filter, "filter");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        JdbcAccess.limits()
                .check("createdBy", filter.createdBy(), CREATED_BY_MAX)
                .check("titleContains", filter.titleContains(), FILTER_MAX)
                .throwIfAny();
        List<String> where = new ArrayList<>(4);
        if (filter.status() != null) {
            where.add("status = ?");
        }
        if (filter.createdBy() != null) {
            where.add("created_by = ?");
        }
        if (filter.titleContains() != null) {
            where.add("LOWER(title) LIKE ? ESCAPE '\\'");
        }
        if (after != null) {
            where.add("(created_at, id) < (?, ?)");
        }
        String sql = "SELECT " + COLUMNS + " FROM " + table
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY";
        return jdbc.query(
                "meeting page",
                sql,
                ps -> {
                    int i = 1;
                    if (filter.status() != null) {
                        ps.setString(i++, filter.status().name());
                    }
                    if (filter.createdBy() != null) {
                        ps.setString(i++, filter.createdBy());
                    }
                    if (filter.titleContains() != null) {
                        ps.setString(
                                i++,
                                "%"
                                        + JdbcAccess.likeLiteral(
                                                filter.titleContains().toLowerCase(Locale.ROOT)) + "%");
                    }
                    if (after != null) {
                        setInstant(ps, i++, after.createdAt());
                        ps.setObject(i++, after.id());
                    }
                    ps.setInt(i, limit);
                },
                JdbcMeetingStore::map);
    }

    @Override
    public List<Meeting> findExpired(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return jdbc.query(
                "expired meetings lookup",
                "SELECT " + COLUMNS + " FROM " + table
                        + " WHERE auto_delete_at <= ? ORDER BY auto_delete_at, id FETCH FIRST ? ROWS ONLY",
                ps -> {
                    setInstant(ps, 1, now);
                    ps.setInt(2, limit);
                },
                JdbcMeetingStore::map);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One query on the index over the derived {@code max_duration_reached_at} column, set on every write from
     * the meeting's status, live session and limit.
     *
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    @Override
    public List<Meeting> findOverMaxDuration(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return jdbc.query(
                "meetings over their duration limit lookup",
                "SELECT " + COLUMNS + " FROM " + table
                        + " WHERE max_duration_reached_at <= ? AND status = 'ACTIVE'"
                        + " ORDER BY max_duration_reached_at, id FETCH FIRST ? ROWS ONLY",
                ps -> {
                    setInstant(ps, 1, now);
                    ps.setInt(2, limit);
                },
                JdbcMeetingStore::map);
    }

    /** The role_permissions column: {@code {"ROLE":"key,key"}}, the JSON of the attributes column. */
    private static String rolePermissions(MeetingSettings settings) {
        if (settings.rolePermissions().isEmpty()) {
            return "{}";
        }
        Map<String, String> byRole = new LinkedHashMap<>();
        settings.rolePermissions().forEach((role, set) -> byRole.put(role, set.toString()));
        return AttributesJson.write(byRole);
    }

    private static Map<String, PermissionSet> rolePermissions(String column) {
        Map<String, String> byRole = AttributesJson.read(column);
        if (byRole.isEmpty()) {
            return Map.of();
        }
        Map<String, PermissionSet> sets = new LinkedHashMap<>();
        byRole.forEach((role, keys) -> sets.put(role, PermissionSet.parse(keys)));
        return sets;
    }

    private static Meeting map(ResultSet rs) throws SQLException {
        MeetingSettings settings = MeetingSettings.builder()
                .recordingEnabled(rs.getBoolean("recording_enabled"))
                .chatEnabled(rs.getBoolean("chat_enabled"))
                .virtualBackgroundEnabled(rs.getBoolean("virtual_background_enabled"))
                .maxParticipants(rs.getInt("max_participants"))
                .emptyTimeout(Duration.ofSeconds(rs.getInt("empty_timeout_seconds")))
                .autoRecord(rs.getBoolean("auto_record"))
                .rolePermissions(rolePermissions(rs.getString("role_permissions")))
                .initialAudioEnabled(rs.getBoolean("initial_audio_enabled"))
                .initialVideoEnabled(rs.getBoolean("initial_video_enabled"))
                .build();
        int maxDuration = rs.getInt("max_duration_minutes");
        if (!rs.wasNull()) {
            settings = settings.toBuilder().maxDurationMinutes(maxDuration).build();
        }
        return Meeting.builder()
                .id(getUuid(rs, "id"))
                .roomName(rs.getString("room_name"))
                .title(rs.getString("title"))
                .createdBy(rs.getString("created_by"))
                .status(MeetingStatus.valueOf(rs.getString("status")))
                .endAction(EndAction.valueOf(rs.getString("end_action")))
                .settings(settings)
                .autoDeleteAt(getInstant(rs, "auto_delete_at"))
                .autoDeletePolicy(new DeletionPolicy(
                        LiveMeetingPolicy.valueOf(rs.getString("auto_delete_live_policy")),
                        RecordingsPolicy.valueOf(rs.getString("auto_delete_rec_policy"))))
                .attributes(AttributesJson.read(rs.getString("attributes")))
                .moderatorSecret(rs.getString("moderator_secret"))
                .speakerSecret(rs.getString("speaker_secret"))
                .createdAt(getRequiredInstant(rs, "created_at"))
                .updatedAt(getRequiredInstant(rs, "updated_at"))
                .startedAt(getInstant(rs, "started_at"))
                .endedAt(getInstant(rs, "ended_at"))
                .roomSid(rs.getString("room_sid"))
                .version(rs.getLong("version"))
                .build();
    }
}
