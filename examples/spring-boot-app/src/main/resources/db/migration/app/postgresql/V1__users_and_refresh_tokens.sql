-- The example application's own tables (PostgreSQL). MeetKit's tables come from meeting-jdbc's migrations,
-- kept in their own Flyway history (meetkit_schema_history).

CREATE TABLE app_users (
    id            uuid                        NOT NULL,
    username      varchar(64)                 NOT NULL,
    password_hash varchar(100)                NOT NULL,
    role          varchar(16)                 NOT NULL,
    created_at    timestamptz                 NOT NULL,
    CONSTRAINT app_users_pk PRIMARY KEY (id),
    CONSTRAINT app_users_username_uq UNIQUE (username),
    CONSTRAINT app_users_role_ck CHECK (role IN ('ADMIN', 'USER'))
);

-- Refresh tokens are stored only as SHA-256 hashes. A family is one login; rotating marks the old token
-- rotated and inserts its successor in the same family; presenting a rotated token revokes the family.
CREATE TABLE app_refresh_tokens (
    id          uuid                        NOT NULL,
    family_id   uuid                        NOT NULL,
    user_id     uuid                        NOT NULL,
    token_hash  varchar(64)                 NOT NULL,
    created_at  timestamptz                 NOT NULL,
    expires_at  timestamptz                 NOT NULL,
    rotated_at  timestamptz,
    revoked_at  timestamptz,
    CONSTRAINT app_refresh_tokens_pk PRIMARY KEY (id),
    CONSTRAINT app_refresh_tokens_hash_uq UNIQUE (token_hash),
    CONSTRAINT app_refresh_tokens_user_fk FOREIGN KEY (user_id) REFERENCES app_users (id) ON DELETE CASCADE
);
CREATE INDEX app_refresh_tokens_family_ix ON app_refresh_tokens (family_id);

-- Settings the application generates once, such as the access-token signing key when none is configured.
CREATE TABLE app_settings (
    setting_name  varchar(64)   NOT NULL,
    setting_value varchar(1000) NOT NULL,
    CONSTRAINT app_settings_pk PRIMARY KEY (setting_name)
);
