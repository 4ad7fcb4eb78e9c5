-- MeetKit schema, version 4: participant bans (issue 13). Every name starts with the table prefix.
-- a kicked identity stays out of its meeting until banned_until, the expiry of the last token it could hold
CREATE TABLE IF NOT EXISTS meetkit_participant_bans (
    meeting_id   uuid                      NOT NULL,
    identity     varchar(255)              NOT NULL,
    banned_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    banned_until TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT meetkit_participant_bans_pk PRIMARY KEY (meeting_id, identity)
);
CREATE INDEX IF NOT EXISTS meetkit_participant_bans_until_idx ON meetkit_participant_bans (banned_until);
