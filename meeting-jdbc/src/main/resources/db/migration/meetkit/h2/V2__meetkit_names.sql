-- MeetKit schema, version 2: names at scale (issue 16). Every name starts with the table prefix.
-- Each reserved name's base and number (Guest_12: base guest, number 12; a name without a number: number 1), so that
-- the n-th same name is found with a few index lookups, not by trying Guest_2, Guest_3, ... in turn.
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
