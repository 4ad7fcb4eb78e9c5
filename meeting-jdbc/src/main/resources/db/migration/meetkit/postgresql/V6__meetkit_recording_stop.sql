-- MeetKit schema, version 6: stored stop requests (issue 14). Every name starts with the table prefix.
-- when a stop was asked for while the recording was STARTING; whoever binds the egress stops it
ALTER TABLE meetkit_recordings ADD COLUMN IF NOT EXISTS stop_requested_at timestamptz;
