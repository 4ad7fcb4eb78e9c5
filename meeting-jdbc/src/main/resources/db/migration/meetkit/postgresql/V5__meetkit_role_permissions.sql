-- MeetKit schema, version 5: role permissions (issue 16). Every name starts with the table prefix.
-- each meeting's overrides of role permission sets: {"ROLE":"permissionKey,permissionKey"}, {} when none
ALTER TABLE meetkit_meetings ADD COLUMN IF NOT EXISTS role_permissions text DEFAULT '{}' NOT NULL;
