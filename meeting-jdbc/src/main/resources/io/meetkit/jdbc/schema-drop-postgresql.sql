-- Drops MeetKit's tables (and with them their indexes and data). Every name starts with the table prefix.
DROP TABLE IF EXISTS meetkit_participant_bans;
DROP TABLE IF EXISTS meetkit_outbox_deliveries;
DROP TABLE IF EXISTS meetkit_outbox_cursors;
DROP TABLE IF EXISTS meetkit_outbox_sequences;
DROP TABLE IF EXISTS meetkit_outbox_events;
DROP TABLE IF EXISTS meetkit_leases;
DROP TABLE IF EXISTS meetkit_webhook_events;
DROP TABLE IF EXISTS meetkit_name_freed;
DROP TABLE IF EXISTS meetkit_name_numbers;
DROP TABLE IF EXISTS meetkit_name_reservations;
DROP TABLE IF EXISTS meetkit_recordings;
DROP TABLE IF EXISTS meetkit_meetings;
