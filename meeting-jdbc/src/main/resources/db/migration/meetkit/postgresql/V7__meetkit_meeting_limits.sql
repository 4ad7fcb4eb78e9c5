-- MeetKit schema, version 7: meeting limits (issue 16). Every name starts with the table prefix.
-- each meeting's duration limit in minutes (1 to 1440), NULL for none; its initial media state for joining clients;
-- and, derived on every write, when the live session reaches the limit (NULL unless ACTIVE, live and limited)
ALTER TABLE meetkit_meetings ADD COLUMN IF NOT EXISTS max_duration_minutes integer;
ALTER TABLE meetkit_meetings ADD COLUMN IF NOT EXISTS initial_audio_enabled boolean DEFAULT TRUE NOT NULL;
ALTER TABLE meetkit_meetings ADD COLUMN IF NOT EXISTS initial_video_enabled boolean DEFAULT TRUE NOT NULL;
ALTER TABLE meetkit_meetings ADD COLUMN IF NOT EXISTS max_duration_reached_at timestamptz;
CREATE INDEX IF NOT EXISTS meetkit_meetings_max_duration_idx ON meetkit_meetings (max_duration_reached_at)
    WHERE max_duration_reached_at IS NOT NULL;
