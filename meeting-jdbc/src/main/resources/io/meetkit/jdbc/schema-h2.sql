-- MeetKit schema for H2 (2.2 or newer). Every name starts with the table prefix, meetkit_ by default.
-- Idempotent: JdbcStores.initializeSchema() runs it on startup if asked to.

CREATE TABLE IF NOT EXISTS meetkit_meetings (
    id                         uuid          NOT NULL,
    room_name                  varchar(256)  NOT NULL,
    title                      varchar(500)  NOT NULL,
    created_by                 varchar(255)  NOT NULL,
    status                     varchar(16)   NOT NULL,
    end_action                 varchar(16)   NOT NULL,
    recording_enabled          boolean       NOT NULL,
    chat_enabled               boolean       NOT NULL,
    virtual_background_enabled boolean       NOT NULL,
    max_participants           integer       NOT NULL,
    empty_timeout_seconds      integer       NOT NULL,
    auto_record                boolean       NOT NULL,
    auto_delete_at             TIMESTAMP(6) WITH TIME ZONE,
    auto_delete_live_policy    varchar(32)   NOT NULL,
    auto_delete_rec_policy     varchar(32)   NOT NULL,
    attributes                 varchar(1000000) NOT NULL,
    moderator_secret           varchar(128)  NOT NULL,
    speaker_secret             varchar(128)  NOT NULL,
    created_at                 TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at                 TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    started_at                 TIMESTAMP(6) WITH TIME ZONE,
    ended_at                   TIMESTAMP(6) WITH TIME ZONE,
    room_sid                   varchar(128),
    version                    bigint        NOT NULL,
    CONSTRAINT meetkit_meetings_pk PRIMARY KEY (id),
    CONSTRAINT meetkit_meetings_room_name_uq UNIQUE (room_name)
);
-- keyset pages: WHERE (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC
CREATE INDEX IF NOT EXISTS meetkit_meetings_created_idx ON meetkit_meetings (created_at, id);
CREATE INDEX IF NOT EXISTS meetkit_meetings_creator_idx ON meetkit_meetings (created_by, created_at, id);
CREATE INDEX IF NOT EXISTS meetkit_meetings_auto_delete_idx ON meetkit_meetings (auto_delete_at);

CREATE TABLE IF NOT EXISTS meetkit_recordings (
    id             uuid          NOT NULL,
    meeting_id     uuid          NOT NULL,
    egress_id      varchar(128),
    status         varchar(16)   NOT NULL,
    object_key     varchar(1024) NOT NULL,
    location       varchar(1000000),
    started_by     varchar(255)  NOT NULL,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    started_at     TIMESTAMP(6) WITH TIME ZONE,
    ended_at       TIMESTAMP(6) WITH TIME ZONE,
    duration_nanos bigint,
    size_bytes     bigint,
    error          varchar(1000000),
    version        bigint        NOT NULL,
    -- H2 has no partial index: this column is meeting_id while the recording is unfinished, NULL otherwise,
    -- and a unique index allows many NULLs
    unfinished_meeting_id uuid GENERATED ALWAYS AS
        (CASE WHEN status IN ('STARTING', 'ACTIVE', 'ENDING') THEN meeting_id END),
    CONSTRAINT meetkit_recordings_pk PRIMARY KEY (id)
);
-- at most one unfinished recording per meeting, enforced by the database
CREATE UNIQUE INDEX IF NOT EXISTS meetkit_recordings_one_unfinished_uq
    ON meetkit_recordings (unfinished_meeting_id);
CREATE INDEX IF NOT EXISTS meetkit_recordings_created_idx ON meetkit_recordings (created_at, id);
CREATE INDEX IF NOT EXISTS meetkit_recordings_meeting_idx ON meetkit_recordings (meeting_id, created_at, id);
CREATE INDEX IF NOT EXISTS meetkit_recordings_egress_idx ON meetkit_recordings (egress_id);
CREATE INDEX IF NOT EXISTS meetkit_recordings_stale_idx ON meetkit_recordings (updated_at);

CREATE TABLE IF NOT EXISTS meetkit_name_reservations (
    meeting_id   uuid         NOT NULL,
    name_key     varchar(320) NOT NULL,
    display_name varchar(320) NOT NULL,
    identity     varchar(255) NOT NULL,
    role         varchar(64)  NOT NULL,
    reserved_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT meetkit_name_reservations_pk PRIMARY KEY (meeting_id, name_key)
);
-- one reservation per identity and meeting
CREATE UNIQUE INDEX IF NOT EXISTS meetkit_name_reservations_identity_uq
    ON meetkit_name_reservations (meeting_id, identity);
CREATE INDEX IF NOT EXISTS meetkit_name_reservations_expires_idx ON meetkit_name_reservations (expires_at);

CREATE TABLE IF NOT EXISTS meetkit_webhook_events (
    event_id   varchar(255) NOT NULL,
    expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT meetkit_webhook_events_pk PRIMARY KEY (event_id)
);
CREATE INDEX IF NOT EXISTS meetkit_webhook_events_expires_idx ON meetkit_webhook_events (expires_at);

CREATE TABLE IF NOT EXISTS meetkit_leases (
    name         varchar(255) NOT NULL,
    owner        varchar(255) NOT NULL,
    locked_until TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT meetkit_leases_pk PRIMARY KEY (name)
);

-- names at scale (issue 16): each name's base and number, each base name's next number, freed numbers
ALTER TABLE meetkit_name_reservations ADD COLUMN IF NOT EXISTS base_key varchar(320);
ALTER TABLE meetkit_name_reservations ADD COLUMN IF NOT EXISTS suffix integer;
-- reservations made before version 2: the same split as ParticipantNameStore.baseKeyOf / suffixOf
UPDATE meetkit_name_reservations
    SET base_key = CASE WHEN REGEXP_LIKE(name_key, '^.+_([2-9]|[1-9][0-9]{1,8})$') THEN REGEXP_REPLACE(name_key, '_[0-9]+$', '') ELSE name_key END,
        suffix = CASE WHEN REGEXP_LIKE(name_key, '^.+_([2-9]|[1-9][0-9]{1,8})$') THEN CAST(REGEXP_REPLACE(name_key, '^.*_', '') AS integer) ELSE 1 END
    WHERE base_key IS NULL OR suffix IS NULL;
ALTER TABLE meetkit_name_reservations ALTER COLUMN base_key SET NOT NULL;
ALTER TABLE meetkit_name_reservations ALTER COLUMN suffix SET NOT NULL;
-- the smallest expired number of a base name: a range scan over the expired ones only
CREATE INDEX IF NOT EXISTS meetkit_name_reservations_base_idx
    ON meetkit_name_reservations (meeting_id, base_key, expires_at);
-- each base name's next never-used number; drawing one locks the row for that one statement
CREATE TABLE IF NOT EXISTS meetkit_name_numbers (
    meeting_id  uuid         NOT NULL,
    base_key    varchar(320) NOT NULL,
    next_suffix integer      NOT NULL,
    CONSTRAINT meetkit_name_numbers_pk PRIMARY KEY (meeting_id, base_key)
);
-- numbers freed by a release or a purge, given out again smallest first
CREATE TABLE IF NOT EXISTS meetkit_name_freed (
    meeting_id uuid         NOT NULL,
    base_key   varchar(320) NOT NULL,
    suffix     integer      NOT NULL,
    CONSTRAINT meetkit_name_freed_pk PRIMARY KEY (meeting_id, base_key, suffix)
);
-- reservations made before version 2 go on numbering above their highest number
INSERT INTO meetkit_name_numbers (meeting_id, base_key, next_suffix)
    SELECT r.meeting_id, r.base_key, MAX(r.suffix) + 1 FROM meetkit_name_reservations r
    WHERE r.suffix > 1 AND NOT EXISTS (SELECT 1 FROM meetkit_name_numbers n
        WHERE n.meeting_id = r.meeting_id AND n.base_key = r.base_key)
    GROUP BY r.meeting_id, r.base_key;

-- the event outbox (issue 15): MeetKit's events, appended with their change, delivered by the relay
CREATE TABLE IF NOT EXISTS meetkit_outbox_events (
    event_position   bigint        GENERATED BY DEFAULT AS IDENTITY,
    event_id         uuid          NOT NULL,
    meeting_id       uuid          NOT NULL,
    meeting_sequence bigint        NOT NULL,
    event_type       varchar(64)   NOT NULL,
    occurred_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    appended_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    data             varchar(1000000) NOT NULL,
    CONSTRAINT meetkit_outbox_events_pk PRIMARY KEY (event_position),
    CONSTRAINT meetkit_outbox_events_id_uq UNIQUE (event_id),
    CONSTRAINT meetkit_outbox_events_sequence_uq UNIQUE (meeting_id, meeting_sequence)
);
CREATE INDEX IF NOT EXISTS meetkit_outbox_events_appended_idx ON meetkit_outbox_events (appended_at);
-- each meeting's last sequence; an append locks the row until its transaction ends
CREATE TABLE IF NOT EXISTS meetkit_outbox_sequences (
    meeting_id    uuid   NOT NULL,
    last_sequence bigint NOT NULL,
    CONSTRAINT meetkit_outbox_sequences_pk PRIMARY KEY (meeting_id)
);
-- each relay endpoint's place in the log
CREATE TABLE IF NOT EXISTS meetkit_outbox_cursors (
    endpoint       varchar(255) NOT NULL,
    event_position bigint       NOT NULL,
    CONSTRAINT meetkit_outbox_cursors_pk PRIMARY KEY (endpoint)
);
CREATE TABLE IF NOT EXISTS meetkit_outbox_deliveries (
    endpoint        varchar(255)  NOT NULL,
    event_position  bigint        NOT NULL,
    status          varchar(16)   NOT NULL,
    attempts        integer       NOT NULL,
    next_attempt_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_error      varchar(1000),
    updated_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT meetkit_outbox_deliveries_pk PRIMARY KEY (endpoint, event_position)
);
CREATE INDEX IF NOT EXISTS meetkit_outbox_deliveries_status_idx
    ON meetkit_outbox_deliveries (endpoint, status, event_position);
CREATE INDEX IF NOT EXISTS meetkit_outbox_deliveries_position_idx ON meetkit_outbox_deliveries (event_position);

-- participant bans (issue 13): a kicked identity stays out of its meeting until banned_until, the expiry of the last token it could hold
CREATE TABLE IF NOT EXISTS meetkit_participant_bans (
    meeting_id   uuid                      NOT NULL,
    identity     varchar(255)              NOT NULL,
    banned_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    banned_until TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT meetkit_participant_bans_pk PRIMARY KEY (meeting_id, identity)
);
CREATE INDEX IF NOT EXISTS meetkit_participant_bans_until_idx ON meetkit_participant_bans (banned_until);

-- role permissions (issue 16): each meeting's overrides of role permission sets: {"ROLE":"permissionKey,permissionKey"}, {} when none
ALTER TABLE meetkit_meetings ADD COLUMN IF NOT EXISTS role_permissions varchar(1000000) DEFAULT '{}' NOT NULL;

-- stored stop requests (issue 14): when a stop was asked for while the recording was STARTING; whoever binds the egress stops it
ALTER TABLE meetkit_recordings ADD COLUMN IF NOT EXISTS stop_requested_at TIMESTAMP(6) WITH TIME ZONE;

-- meeting limits (issue 16): each meeting's duration limit in minutes (1 to 1440), NULL for none; its initial media state for joining clients; and, derived on every write, when the live session reaches the limit (NULL unless ACTIVE, live and limited)
ALTER TABLE meetkit_meetings ADD COLUMN IF NOT EXISTS max_duration_minutes integer;
ALTER TABLE meetkit_meetings ADD COLUMN IF NOT EXISTS initial_audio_enabled boolean DEFAULT TRUE NOT NULL;
ALTER TABLE meetkit_meetings ADD COLUMN IF NOT EXISTS initial_video_enabled boolean DEFAULT TRUE NOT NULL;
ALTER TABLE meetkit_meetings ADD COLUMN IF NOT EXISTS max_duration_reached_at TIMESTAMP(6) WITH TIME ZONE;
CREATE INDEX IF NOT EXISTS meetkit_meetings_max_duration_idx ON meetkit_meetings (max_duration_reached_at);
