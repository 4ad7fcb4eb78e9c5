package io.meetkit.jdbc;

import static io.meetkit.jdbc.JdbcAccess.getInstant;
import static io.meetkit.jdbc.JdbcAccess.getNullableLong;
import static io.meetkit.jdbc.JdbcAccess.getRequiredInstant;
import static io.meetkit.jdbc.JdbcAccess.getUuid;
import static io.meetkit.jdbc.JdbcAccess.setInstant;
import static io.meetkit.jdbc.JdbcAccess.setNullableLong;
import static io.meetkit.jdbc.JdbcAccess.setNullableString;

import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.StoreException;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingStatus;
import io.meetkit.store.KeysetPosition;
import io.meetkit.store.RecordingFilter;
import io.meetkit.store.RecordingStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RecordingStore} in a SQL table ({@code <prefix>recordings}). "At most one unfinished recording per
 * meeting" is a unique index: partial ({@code WHERE status IN ('STARTING', 'ACTIVE', 'ENDING')}) on PostgreSQL, on a
 * generated column that is {@code meeting_id} only while unfinished on H2. Updates are compare-and-set on
 * {@code version}; pages are keyset queries on {@code (created_at, id)}.
 *
 * <p>Values longer than their columns are refused with {@link InvalidRequestException} before any SQL runs; database
 * failures throw {@link StoreException}. Thread-safe; get it from {@link JdbcStores#recordings()}.
 */
public final class JdbcRecordingStore implements RecordingStore {

    static final int EGRESS_ID_MAX = 128;
    static final int OBJECT_KEY_MAX = 1024;
    static final int STARTED_BY_MAX = 255;
    static final int TEXT_MAX = 1_000_000;

    /** The unfinished statuses as a SQL list; the schema's index uses the same list. */
    static final String UNFINISHED = Arrays.stream(RecordingStatus.values())
            .filter(s -> !s.isFinished())
            .map(s -> "'" + s.name() + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    private static final String COLUMNS = "id, meeting_id, egress_id, status, object_key, location, started_by,"
            + " created_at, updated_at, started_at, ended_at, duration_nanos, size_bytes, error, stop_requested_at, version";

    private final JdbcAccess jdbc;
    private final String table;
    private final String constraintUnfinished;
    private final String insertSql;
    private final String updateSql;

    JdbcRecordingStore(JdbcAccess jdbc, String prefix) {
        this.jdbc = jdbc;
        this.table = prefix + "recordings";
        this.constraintUnfinished = prefix + "recordings_one_unfinished_uq";
        this.insertSql =
                "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        this.updateSql = "UPDATE " + table + " SET egress_id = ?, status = ?, object_key = ?, location = ?,"
                + " started_by = ?, updated_at = ?, started_at = ?, ended_at = ?, duration_nanos = ?,"
                + " size_bytes = ?, error = ?, stop_requested_at = ?, version = version + 1"
                + " WHERE id = ? AND version = ? AND meeting_id = ? AND created_at = ?";
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidRequestException if a value is longer than its column
     */
    @Override
    public void insert(Recording recording) {
        Objects.requireNonNull(recording, "recording");
        check(recording);
        jdbc.withConnection("recording insert", c -> {
            try (PreparedStatement ps = c.prepareStatement(insertSql)) {
                ps.setObject(1, recording.id());
                ps.setObject(2, recording.meetingId());
                bindMutable(ps, 3, recording);
                return ps.executeUpdate();
            } catch (SQLException e) {
                if (JdbcAccess.isUniqueViolation(e)) {
                    if (JdbcAccess.violates(e, constraintUnfinished)) {
                        throw new ConflictException(
                                ConflictException.RECORDING_IN_PROGRESS,
                                "meeting " + recording.meetingId() + " already has an unfinished recording");
                    }
                    throw new ConflictException(
                            ConflictException.ALREADY_EXISTS, "recording id already exists: " + recording.id());
                }
                throw e;
            }
        });
    }

    /** Binds egress_id … version (14 parameters) from {@code first}, in insert column order. */
    private static void bindMutable(PreparedStatement ps, int first, Recording r) throws SQLException {
        int i = first;
        setNullableString(ps, i++, r.egressId().orElse(null));
        ps.setString(i++, r.status().name());
        ps.setString(i++, r.objectKey());
        setNullableString(ps, i++, r.location().orElse(null));
        ps.setString(i++, r.startedBy());
        setInstant(ps, i++, r.createdAt());
        setInstant(ps, i++, r.updatedAt());
        setInstant(ps, i++, r.startedAt().orElse(null));
        setInstant(ps, i++, r.endedAt().orElse(null));
        setNullableLong(ps, i++, r.duration().map(Duration::toNanos).orElse(null));
        setNullableLong(ps, i++, r.sizeBytes().orElse(null));
        setNullableString(ps, i++, r.error().orElse(null));
        setInstant(ps, i++, r.stopRequestedAt().orElse(null));
        ps.setLong(i, r.version());
    }

    private static void check(Recording r) {
        JdbcAccess.limits()
                .check("egressId", r.egressId().orElse(null), EGRESS_ID_MAX)
                .check("objectKey", r.objectKey(), OBJECT_KEY_MAX)
                .check("startedBy", r.startedBy(), STARTED_BY_MAX)
                .check("location", r.location().orElse(null), TEXT_MAX)
                .check("error", r.error().orElse(null), TEXT_MAX)
                .throwIfAny();
    }

    @Override
    public Optional<Recording> findById(UUID id) {
        Objects.requireNonNull(id, "id");
        return jdbc.queryOne(
                "recording lookup",
                "SELECT " + COLUMNS + " FROM " + table + " WHERE id = ?",
                ps -> ps.setObject(1, id),
                JdbcRecordingStore::map);
    }

    @Override
    public Optional<Recording> findByEgressId(String egressId) {
        Objects.requireNonNull(egressId, "egressId");
        if (egressId.length() > EGRESS_ID_MAX) {
            return Optional.empty();
        }
        return jdbc.queryOne(
                "recording lookup",
                "SELECT " + COLUMNS + " FROM " + table
                        + " WHERE egress_id = ? ORDER BY created_at DESC, id DESC FETCH FIRST 1 ROWS ONLY",
                ps -> ps.setString(1, egressId),
                JdbcRecordingStore::map);
    }

    @Override
    public Optional<Recording> findUnfinished(UUID meetingId) {
        Objects.requireNonNull(meetingId, "meetingId");
        return jdbc.queryOne(
                "recording lookup",
                "SELECT " + COLUMNS + " FROM " + table + " WHERE meeting_id = ? AND status IN " + UNFINISHED,
                ps -> ps.setObject(1, meetingId),
                JdbcRecordingStore::map);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code changed} has another meeting or creation time than the stored
     *     recording of the same version, or makes a finished recording unfinished
     * @throws InvalidRequestException if a value is longer than its column
     */
    @Override
    public Optional<Recording> update(Recording changed) {
        Objects.requireNonNull(changed, "changed");
        check(changed);
        boolean unfinished = !changed.status().isFinished();
        String sql = unfinished ? updateSql + " AND status IN " + UNFINISHED : updateSql;
        int updated = jdbc.withConnection("recording update", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                setNullableString(ps, 1, changed.egressId().orElse(null));
                ps.setString(2, changed.status().name());
                ps.setString(3, changed.objectKey());
                setNullableString(ps, 4, changed.location().orElse(null));
                ps.setString(5, changed.startedBy());
                setInstant(ps, 6, changed.updatedAt());
                setInstant(ps, 7, changed.startedAt().orElse(null));
                setInstant(ps, 8, changed.endedAt().orElse(null));
                setNullableLong(ps, 9, changed.duration().map(Duration::toNanos).orElse(null));
                setNullableLong(ps, 10, changed.sizeBytes().orElse(null));
                setNullableString(ps, 11, changed.error().orElse(null));
                setInstant(ps, 12, changed.stopRequestedAt().orElse(null));
                ps.setObject(13, changed.id());
                ps.setLong(14, changed.version());
                ps.setObject(15, changed.meetingId());
                setInstant(ps, 16, changed.createdAt());
                return ps.executeUpdate();
            } catch (SQLException e) {
                if (JdbcAccess.isUniqueViolation(e)) {
                    throw new ConflictException(
                            ConflictException.RECORDING_IN_PROGRESS,
                            "meeting " + changed.meetingId() + " already has an unfinished recording");
                }
                throw e;
            }
        });
        if (updated == 1) {
            return Optional.of(
                    changed.toBuilder().version(changed.version() + 1).build());
        }
        Optional<Recording> current = findById(changed.id());
        if (current.isPresent() && current.get().version() == changed.version()) {
            Recording now = current.get();
            if (now.status().isFinished() && unfinished) {
                throw new IllegalArgumentException("a finished recording cannot become unfinished: " + changed.id());
            }
            throw new IllegalArgumentException("meetingId and createdAt of a recording never change: " + changed.id());
        }
        return Optional.empty();
    }

    @Override
    public boolean delete(UUID id) {
        Objects.requireNonNull(id, "id");
        return jdbc.update("recording delete", "DELETE FROM " + table + " WHERE id = ?", ps -> ps.setObject(1, id)) > 0;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    @Override
    public List<Recording> page(RecordingFilter filter, @Nullable KeysetPosition after, int limit) {
        Objects.requireNonNull(filter, "filter");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        List<String> where = new ArrayList<>(3);
        if (filter.meetingId() != null) {
            where.add("meeting_id = ?");
        }
        if (filter.status() != null) {
            where.add("status = ?");
        }
        if (after != null) {
            where.add("(created_at, id) < (?, ?)");
        }
        String sql = "SELECT " + COLUMNS + " FROM " + table
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY";
        return jdbc.query(
                "recording page",
                sql,
                ps -> {
                    int i = 1;
                    if (filter.meetingId() != null) {
                        ps.setObject(i++, filter.meetingId());
                    }
                    if (filter.status() != null) {
                        ps.setString(i++, filter.status().name());
                    }
                    if (after != null) {
                        setInstant(ps, i++, after.createdAt());
                        ps.setObject(i++, after.id());
                    }
                    ps.setInt(i, limit);
                },
                JdbcRecordingStore::map);
    }

    @Override
    public long countByMeeting(UUID meetingId) {
        Objects.requireNonNull(meetingId, "meetingId");
        return jdbc.queryOne(
                        "recording count",
                        "SELECT COUNT(*) FROM " + table + " WHERE meeting_id = ?",
                        ps -> ps.setObject(1, meetingId),
                        rs -> rs.getLong(1))
                .orElse(0L);
    }

    @Override
    public List<Recording> findStale(Instant updatedBefore, int limit) {
        Objects.requireNonNull(updatedBefore, "updatedBefore");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return jdbc.query(
                "stale recordings lookup",
                "SELECT " + COLUMNS + " FROM " + table
                        + " WHERE status IN " + UNFINISHED + " AND updated_at < ? ORDER BY updated_at, id"
                        + " FETCH FIRST ? ROWS ONLY",
                ps -> {
                    setInstant(ps, 1, updatedBefore);
                    ps.setInt(2, limit);
                },
                JdbcRecordingStore::map);
    }

    private static Recording map(ResultSet rs) throws SQLException {
        Long nanos = getNullableLong(rs, "duration_nanos");
        return Recording.builder()
                .id(getUuid(rs, "id"))
                .meetingId(getUuid(rs, "meeting_id"))
                .egressId(rs.getString("egress_id"))
                .status(RecordingStatus.valueOf(rs.getString("status")))
                .objectKey(rs.getString("object_key"))
                .location(rs.getString("location"))
                .startedBy(rs.getString("started_by"))
                .createdAt(getRequiredInstant(rs, "created_at"))
                .updatedAt(getRequiredInstant(rs, "updated_at"))
                .startedAt(getInstant(rs, "started_at"))
                .endedAt(getInstant(rs, "ended_at"))
                .duration(nanos == null ? null : Duration.ofNanos(nanos))
                .sizeBytes(getNullableLong(rs, "size_bytes"))
                .error(rs.getString("error"))
                .stopRequestedAt(getInstant(rs, "stop_requested_at"))
                .version(rs.getLong("version"))
                .build();
    }
}
