-- MeetKit schema for PostgreSQL (15 or newer). Every name starts with the table prefix, meetkit_ by default.
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
    auto_delete_at             timestamptz,
    auto_delete_live_policy    varchar(32)   NOT NULL,
    auto_delete_rec_policy     varchar(32)   NOT NULL,
    attributes                 text          NOT NULL,
    moderator_secret           varchar(128)  NOT NULL,
    speaker_secret             varchar(128)  NOT NULL,
    created_at                 timestamptz   NOT NULL,
    updated_at                 timestamptz   NOT NULL,
    started_at                 timestamptz,
    ended_at                   timestamptz,
    room_sid                   varchar(128),
    version                    bigint        NOT NULL,
    CONSTRAINT meetkit_meetings_pk PRIMARY KEY (id),
    CONSTRAINT meetkit_meetings_room_name_uq UNIQUE (room_name)
);
-- keyset pages: WHERE (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC
CREATE INDEX IF NOT EXISTS meetkit_meetings_created_idx ON meetkit_meetings (created_at, id);
CREATE INDEX IF NOT EXISTS meetkit_meetings_creator_idx ON meetkit_meetings (created_by, created_at, id);
CREATE INDEX IF NOT EXISTS meetkit_meetings_auto_delete_idx ON meetkit_meetings (auto_delete_at)
    WHERE auto_delete_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS meetkit_recordings (
    id             uuid          NOT NULL,
    meeting_id     uuid          NOT NULL,
    egress_id      varchar(128),
    status         varchar(16)   NOT NULL,
    object_key     varchar(1024) NOT NULL,
    location       text,
    started_by     varchar(255)  NOT NULL,
    created_at     timestamptz   NOT NULL,
    updated_at     timestamptz   NOT NULL,
    started_at     timestamptz,
    ended_at       timestamptz,
    duration_nanos bigint,
    size_bytes     bigint,
    error          text,
    version        bigint        NOT NULL,
    CONSTRAINT meetkit_recordings_pk PRIMARY KEY (id)
);
-- at most one unfinished recording per meeting, enforced by the database
CREATE UNIQUE INDEX IF NOT EXISTS meetkit_recordings_one_unfinished_uq ON meetkit_recordings (meeting_id)
    WHERE status IN ('STARTING', 'ACTIVE', 'ENDING');
CREATE INDEX IF NOT EXISTS meetkit_recordings_created_idx ON meetkit_recordings (created_at, id);
CREATE INDEX IF NOT EXISTS meetkit_recordings_meeting_idx ON meetkit_recordings (meeting_id, created_at, id);
CREATE INDEX IF NOT EXISTS meetkit_recordings_egress_idx ON meetkit_recordings (egress_id);
CREATE INDEX IF NOT EXISTS meetkit_recordings_stale_idx ON meetkit_recordings (updated_at)
    WHERE status IN ('STARTING', 'ACTIVE', 'ENDING');

CREATE TABLE IF NOT EXISTS meetkit_name_reservations (
    meeting_id   uuid         NOT NULL,
    name_key     varchar(320) NOT NULL,
    display_name varchar(320) NOT NULL,
    identity     varchar(255) NOT NULL,
    role         varchar(64)  NOT NULL,
    reserved_at  timestamptz  NOT NULL,
    expires_at   timestamptz  NOT NULL,
    CONSTRAINT meetkit_name_reservations_pk PRIMARY KEY (meeting_id, name_key)
);
-- one reservation per identity and meeting
CREATE UNIQUE INDEX IF NOT EXISTS meetkit_name_reservations_identity_uq
    ON meetkit_name_reservations (meeting_id, identity);
CREATE INDEX IF NOT EXISTS meetkit_name_reservations_expires_idx ON meetkit_name_reservations (expires_at);

CREATE TABLE IF NOT EXISTS meetkit_webhook_events (
    event_id   varchar(255) NOT NULL,
    expires_at timestamptz  NOT NULL,
    CONSTRAINT meetkit_webhook_events_pk PRIMARY KEY (event_id)
);
CREATE INDEX IF NOT EXISTS meetkit_webhook_events_expires_idx ON meetkit_webhook_events (expires_at);

CREATE TABLE IF NOT EXISTS meetkit_leases (
    name         varchar(255) NOT NULL,
    owner        varchar(255) NOT NULL,
    locked_until timestamptz  NOT NULL,
    CONSTRAINT meetkit_leases_pk PRIMARY KEY (name)
);
