package io.meetkit.spring;

import io.meetkit.MeetKit;
import io.meetkit.jdbc.JdbcStores;
import io.meetkit.livekit.LiveKitWebhooks;
import io.meetkit.participant.ParticipantTokens;
import io.meetkit.recording.RecordingController;
import io.meetkit.recording.S3RecordingStorage;
import io.meetkit.rules.InputRules;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * MeetKit's settings under {@code meetkit.*}. Setters refuse impossible values at binding time, so that a bad
 * value fails the application's start with the property's name; required settings are checked when the
 * {@link io.meetkit.MeetKit} bean is built. Not thread-safe (bound once at start-up).
 */
@ConfigurationProperties("meetkit")
public class MeetKitProperties {

    /** Whether MeetKit is auto-configured at all. */
    private boolean enabled = true;

    private final LiveKit livekit = new LiveKit();
    private final Tokens tokens = new Tokens();
    private final Recording recording = new Recording();
    private final Jdbc jdbc = new Jdbc();
    private final Webhook webhook = new Webhook();
    private final Web web = new Web();
    private final Maintenance maintenance = new Maintenance();
    /** The event relay: endpoints and delivery settings. */
    @NestedConfigurationProperty
    private final RelayProperties relay = new RelayProperties();

    /** Creates the properties with their defaults. */
    public MeetKitProperties() {}

    /** Returns whether MeetKit is auto-configured. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Sets whether MeetKit is auto-configured. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Returns the LiveKit connection settings. */
    public LiveKit getLivekit() {
        return livekit;
    }

    /** Returns the participant token settings. */
    public Tokens getTokens() {
        return tokens;
    }

    /** Returns the recording settings. */
    public Recording getRecording() {
        return recording;
    }

    /** Returns the JDBC store settings. */
    public Jdbc getJdbc() {
        return jdbc;
    }

    /** Returns the webhook endpoint settings. */
    public Webhook getWebhook() {
        return webhook;
    }

    /** Returns the REST API settings. */
    public Web getWeb() {
        return web;
    }

    /** Returns the maintenance job settings. */
    public Maintenance getMaintenance() {
        return maintenance;
    }

    /** Returns the event relay settings ({@code meetkit.relay.*}). */
    public RelayProperties getRelay() {
        return relay;
    }

    static Duration positive(String property, @Nullable Duration value) {
        return InputRules.positive(Objects.requireNonNull(value, property), property);
    }

    /** {@code meetkit.livekit.*}: where LiveKit (or OpenVidu 3) is and how MeetKit authenticates to it. */
    public static class LiveKit {

        /** LiveKit URL as clients know it (wss://...) or as the API (https://...). Required. */
        private @Nullable String url;

        /** LiveKit API key. Required. */
        private @Nullable String apiKey;

        /** LiveKit API secret, at least {@value InputRules#MIN_SECRET_BYTES} bytes. Required; never logged. */
        private @Nullable String apiSecret;

        /** Time limit of each LiveKit API call. */
        private Duration timeout = MeetKit.DEFAULT_CALL_TIMEOUT;

        /**
         * Accept an API secret shorter than {@value InputRules#MIN_SECRET_BYTES} bytes, such as LiveKit's development "secret". Never in production.
         */
        private boolean allowShortSecret = false;

        /**
         * Create a meeting's LiveKit room (CreateRoom) before each join token is handed out, for a LiveKit whose
         * room.auto_create is off. Off, every join token carries LiveKit's roomConfig with the meeting's settings, LiveKit
         * creates the room on the first join, and issuing a token makes no LiveKit call. Use one value on every instance.
         */
        private boolean createRoomsOnJoin = false;

        /** Creates the defaults. */
        public LiveKit() {}

        /** Returns the LiveKit URL. */
        public @Nullable String getUrl() {
            return url;
        }

        /** Sets the LiveKit URL. */
        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        /** Returns the API key. */
        public @Nullable String getApiKey() {
            return apiKey;
        }

        /** Sets the API key. */
        public void setApiKey(@Nullable String apiKey) {
            this.apiKey = apiKey;
        }

        /** Returns the API secret. */
        public @Nullable String getApiSecret() {
            return apiSecret;
        }

        /** Sets the API secret. */
        public void setApiSecret(@Nullable String apiSecret) {
            this.apiSecret = apiSecret;
        }

        /** Returns the call timeout. */
        public Duration getTimeout() {
            return timeout;
        }

        /**
         * Sets the call timeout.
         *
         * @throws IllegalArgumentException if not positive
         */
        public void setTimeout(Duration timeout) {
            this.timeout = positive("meetkit.livekit.timeout", timeout);
        }

        /** Returns whether short secrets are accepted. */
        public boolean isAllowShortSecret() {
            return allowShortSecret;
        }

        /** Sets whether short secrets are accepted (development only). */
        public void setAllowShortSecret(boolean allowShortSecret) {
            this.allowShortSecret = allowShortSecret;
        }

        /** Returns whether MeetKit creates the LiveKit room before each join token. */
        public boolean isCreateRoomsOnJoin() {
            return createRoomsOnJoin;
        }

        /**
         * Sets whether MeetKit creates the LiveKit room before each join token (for a LiveKit with
         * {@code room.auto_create} off); see {@code MeetKit.Builder.createRoomsOnJoin}.
         */
        public void setCreateRoomsOnJoin(boolean createRoomsOnJoin) {
            this.createRoomsOnJoin = createRoomsOnJoin;
        }

        @Override
        public String toString() {
            return "LiveKit{url=" + url + ", apiKey=" + apiKey + ", apiSecret=****, timeout=" + timeout
                    + ", createRoomsOnJoin=" + createRoomsOnJoin + "}";
        }
    }

    /** {@code meetkit.tokens.*}: participant access tokens. */
    public static class Tokens {

        /** How long a participant token is valid. */
        private Duration ttl = ParticipantTokens.DEFAULT_TOKEN_TTL;

        /** Clock skew allowed when verifying tokens and webhooks, as LiveKit's server does. */
        private Duration clockSkew = InputRules.DEFAULT_CLOCK_SKEW;

        /** Creates the defaults. */
        public Tokens() {}

        /** Returns the token lifetime. */
        public Duration getTtl() {
            return ttl;
        }

        /**
         * Sets the token lifetime.
         *
         * @throws IllegalArgumentException if not positive or over 24 hours
         */
        public void setTtl(Duration ttl) {
            positive("meetkit.tokens.ttl", ttl);
            if (ttl.compareTo(ParticipantTokens.MAX_TOKEN_TTL) > 0) {
                throw new IllegalArgumentException(
                        "meetkit.tokens.ttl must be at most " + ParticipantTokens.MAX_TOKEN_TTL + ": " + ttl);
            }
            this.ttl = ttl;
        }

        /** Returns the allowed clock skew. */
        public Duration getClockSkew() {
            return clockSkew;
        }

        /**
         * Sets the allowed clock skew.
         *
         * @throws IllegalArgumentException if negative or over 10 minutes
         */
        public void setClockSkew(Duration clockSkew) {
            this.clockSkew = InputRules.clockSkew(clockSkew, "meetkit.tokens.clock-skew");
        }
    }

    /** {@code meetkit.recording.*}: recordings. */
    public static class Recording {

        private final S3 s3 = new S3();

        /**
         * How many visible participants a meeting with autoRecord needs before its recording starts (1: the first
         * join).
         */
        private int autoRecordParticipants = RecordingController.DEFAULT_AUTO_RECORD_PARTICIPANTS;

        /** Creates the defaults. */
        public Recording() {}

        /** Returns the S3 settings. */
        public S3 getS3() {
            return s3;
        }

        /** Returns how many participants start an auto-recording. */
        public int getAutoRecordParticipants() {
            return autoRecordParticipants;
        }

        /**
         * Sets how many participants start an auto-recording.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public void setAutoRecordParticipants(int autoRecordParticipants) {
            if (autoRecordParticipants < 1) {
                throw new IllegalArgumentException(
                        "meetkit.recording.auto-record-participants must be at least 1: " + autoRecordParticipants);
            }
            this.autoRecordParticipants = autoRecordParticipants;
        }
    }

    /** {@code meetkit.recording.s3.*}: where LiveKit's egress writes recordings and MeetKit reads them. */
    public static class S3 {

        /** Bucket of the recordings. Recordings are off until it is set. */
        private @Nullable String bucket;

        /** S3 region. */
        private String region = S3RecordingStorage.DEFAULT_REGION;

        /** S3 endpoint for S3-compatible stores (MinIO, Ceph...); empty for AWS. */
        private @Nullable String endpoint;

        /** Use path-style URLs (bucket in the path), as most S3-compatible stores need. */
        private boolean pathStyle = false;

        /** Key prefix of the recording objects. */
        private String prefix = RecordingController.DEFAULT_KEY_PREFIX;

        /** Lifetime of a presigned download URL. */
        private Duration downloadTtl = Duration.ofMinutes(5);

        /** Access key; empty to use the AWS default credentials chain. */
        private @Nullable String accessKey;

        /** Secret key; empty to use the AWS default credentials chain. Never logged. */
        private @Nullable String secretKey;

        /** Compute and check checksums only when S3 requires them, for S3-compatible stores that reject them. */
        private boolean checksumWhenRequired = false;

        /**
         * Hand this bucket, its endpoint and MeetKit's S3 credentials to LiveKit's egress with every recording
         * request. Off by default: the egress then uploads with its own storage configuration, which must name the
         * same bucket (and endpoint) as this one. The credentials travel to LiveKit in the request.
         */
        private boolean egressUpload = false;

        /**
         * The S3 endpoint as the egress reaches it, when it differs from the endpoint MeetKit uses (a container
         * network name, for instance); empty for the same endpoint. Only used with egress-upload.
         */
        private @Nullable String egressEndpoint;

        /** Creates the defaults. */
        public S3() {}

        /** Returns whether MeetKit hands the bucket and its credentials to the egress. */
        public boolean isEgressUpload() {
            return egressUpload;
        }

        /** Sets whether MeetKit hands the bucket and its credentials to the egress. */
        public void setEgressUpload(boolean egressUpload) {
            this.egressUpload = egressUpload;
        }

        /** Returns the endpoint as the egress reaches it, or {@code null} for the same endpoint. */
        public @Nullable String getEgressEndpoint() {
            return egressEndpoint;
        }

        /** Sets the endpoint as the egress reaches it. */
        public void setEgressEndpoint(@Nullable String egressEndpoint) {
            this.egressEndpoint = egressEndpoint;
        }

        /** Returns the bucket. */
        public @Nullable String getBucket() {
            return bucket;
        }

        /** Sets the bucket. */
        public void setBucket(@Nullable String bucket) {
            this.bucket = bucket;
        }

        /** Returns the region. */
        public String getRegion() {
            return region;
        }

        /** Sets the region. */
        public void setRegion(String region) {
            this.region = Objects.requireNonNull(region, "meetkit.recording.s3.region");
        }

        /** Returns the endpoint. */
        public @Nullable String getEndpoint() {
            return endpoint;
        }

        /** Sets the endpoint. */
        public void setEndpoint(@Nullable String endpoint) {
            this.endpoint = endpoint;
        }

        /** Returns whether path-style URLs are used. */
        public boolean isPathStyle() {
            return pathStyle;
        }

        /** Sets whether path-style URLs are used. */
        public void setPathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
        }

        /** Returns the key prefix. */
        public String getPrefix() {
            return prefix;
        }

        /** Sets the key prefix. */
        public void setPrefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "meetkit.recording.s3.prefix");
        }

        /** Returns the download URL lifetime. */
        public Duration getDownloadTtl() {
            return downloadTtl;
        }

        /**
         * Sets the download URL lifetime.
         *
         * @throws IllegalArgumentException if not positive or over 1 hour
         */
        public void setDownloadTtl(Duration downloadTtl) {
            positive("meetkit.recording.s3.download-ttl", downloadTtl);
            if (downloadTtl.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException(
                        "meetkit.recording.s3.download-ttl must be at most 1 hour: " + downloadTtl);
            }
            this.downloadTtl = downloadTtl;
        }

        /** Returns the access key. */
        public @Nullable String getAccessKey() {
            return accessKey;
        }

        /** Sets the access key. */
        public void setAccessKey(@Nullable String accessKey) {
            this.accessKey = accessKey;
        }

        /** Returns the secret key. */
        public @Nullable String getSecretKey() {
            return secretKey;
        }

        /** Sets the secret key. */
        public void setSecretKey(@Nullable String secretKey) {
            this.secretKey = secretKey;
        }

        /** Returns whether checksums are computed only when required. */
        public boolean isChecksumWhenRequired() {
            return checksumWhenRequired;
        }

        /** Sets whether checksums are computed only when required. */
        public void setChecksumWhenRequired(boolean checksumWhenRequired) {
            this.checksumWhenRequired = checksumWhenRequired;
        }

        @Override
        public String toString() {
            return "S3{bucket=" + bucket + ", region=" + region + ", endpoint=" + endpoint + ", egressUpload="
                    + egressUpload + ", secretKey=****}";
        }
    }

    /** When MeetKit creates its tables. */
    public enum InitializeSchema {
        /** Only for an embedded database (H2, HSQLDB, Derby). */
        EMBEDDED,
        /** Always (the SQL is idempotent). */
        ALWAYS,
        /** Never: the application runs the shipped schema SQL itself, for example with Flyway. */
        NEVER
    }

    /** {@code meetkit.jdbc.*}: the JDBC stores used when meeting-jdbc and a DataSource are present. */
    public static class Jdbc {

        /** When to create MeetKit's tables. */
        private InitializeSchema initializeSchema = InitializeSchema.EMBEDDED;

        /** Prefix of MeetKit's table names. */
        private String tablePrefix = JdbcStores.DEFAULT_TABLE_PREFIX;

        /** Creates the defaults. */
        public Jdbc() {}

        /** Returns when the schema is created. */
        public InitializeSchema getInitializeSchema() {
            return initializeSchema;
        }

        /** Sets when the schema is created. */
        public void setInitializeSchema(InitializeSchema initializeSchema) {
            this.initializeSchema = Objects.requireNonNull(initializeSchema, "meetkit.jdbc.initialize-schema");
        }

        /** Returns the table prefix. */
        public String getTablePrefix() {
            return tablePrefix;
        }

        /**
         * Sets the table prefix.
         *
         * @throws IllegalArgumentException unless it is 1 to 30 lower-case letters, digits or underscores, not
         *     starting with a digit
         */
        public void setTablePrefix(String tablePrefix) {
            Objects.requireNonNull(tablePrefix, "meetkit.jdbc.table-prefix");
            if (!tablePrefix.matches("[a-z_][a-z0-9_]{0,29}")) {
                throw new IllegalArgumentException("meetkit.jdbc.table-prefix must be 1 to 30 lower-case letters,"
                        + " digits or underscores, not starting with a digit: '" + tablePrefix + "'");
            }
            this.tablePrefix = tablePrefix;
        }
    }

    /** {@code meetkit.webhook.*}: the endpoint LiveKit posts its webhooks to. */
    public static class Webhook {

        /** Whether the webhook endpoint is on (when Spring MVC is present). */
        private boolean enabled = true;

        /** Path of the webhook endpoint; configure LiveKit's webhook URL to point at it. */
        private String path = "/livekit/webhook";

        /** Largest webhook body accepted; larger ones get 413 before any parsing. */
        private DataSize maxBodySize = DataSize.ofBytes(LiveKitWebhooks.DEFAULT_BODY_LIMIT);

        /** Creates the defaults. */
        public Webhook() {}

        /** Returns whether the endpoint is on. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether the endpoint is on. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** Returns the path. */
        public String getPath() {
            return path;
        }

        /**
         * Sets the path.
         *
         * @throws IllegalArgumentException unless it starts with '/' and is outside {@code /api}
         */
        public void setPath(String path) {
            Objects.requireNonNull(path, "meetkit.webhook.path");
            if (!path.matches("/[A-Za-z0-9/_.\\-]*") || path.equals("/api") || path.startsWith("/api/")) {
                throw new IllegalArgumentException("meetkit.webhook.path must be a plain path starting with '/'"
                        + " and outside /api: '" + path + "'");
            }
            this.path = path;
        }

        /** Returns the body size limit. */
        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        /**
         * Sets the body size limit.
         *
         * @throws IllegalArgumentException unless between 1 KB and 10 MB
         */
        public void setMaxBodySize(DataSize maxBodySize) {
            Objects.requireNonNull(maxBodySize, "meetkit.webhook.max-body-size");
            if (maxBodySize.toBytes() < 1024 || maxBodySize.toBytes() > 10L * 1024 * 1024) {
                throw new IllegalArgumentException(
                        "meetkit.webhook.max-body-size must be between 1KB and 10MB: " + maxBodySize);
            }
            this.maxBodySize = maxBodySize;
        }
    }

    /** {@code meetkit.web.*}: the REST API under {@code /api}. */
    public static class Web {

        /** Whether the REST API is on (when Spring MVC and Spring Security are present). */
        private boolean enabled = true;

        /** Authority needed for admin operations (create, change, delete, recordings, participants). */
        private String adminAuthority = "ROLE_ADMIN";

        /** Authority needed for user operations (read meetings and recordings, get a token). */
        private String userAuthority = "ROLE_USER";

        /**
         * Order of MeetKit's security filter chain for /api/** and the webhook path. An application chain with a
         * lower order that matches the same paths takes them over.
         */
        private int securityOrder = 100;

        /** Whether MeetKit's security filter chain accepts HTTP Basic authentication. */
        private boolean httpBasic = true;

        /**
         * Claims of the authenticated user (a JWT's claims, an OIDC user's attributes) that give a token's display
         * name when the request names none, the first present one wins; then the principal name (a JWT's subject).
         */
        private List<String> displayNameClaims = List.of("preferred_username", "name");

        /** Creates the defaults. */
        public Web() {}

        /** Returns the claims that give the default display name, in order. */
        public List<String> getDisplayNameClaims() {
            return displayNameClaims;
        }

        /**
         * Sets the claims that give the default display name, in order; empty to use the principal name.
         *
         * @throws IllegalArgumentException if a claim name is blank
         */
        public void setDisplayNameClaims(List<String> displayNameClaims) {
            Objects.requireNonNull(displayNameClaims, "meetkit.web.display-name-claims");
            for (String c : displayNameClaims) {
                if (c == null || c.isBlank()) {
                    throw new IllegalArgumentException(
                            "meetkit.web.display-name-claims must name claims, not blanks: " + displayNameClaims);
                }
            }
            this.displayNameClaims =
                    displayNameClaims.stream().map(String::strip).toList();
        }

        /** Returns whether the REST API is on. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether the REST API is on. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** Returns the admin authority. */
        public String getAdminAuthority() {
            return adminAuthority;
        }

        /**
         * Sets the admin authority.
         *
         * @throws IllegalArgumentException if blank
         */
        public void setAdminAuthority(String adminAuthority) {
            this.adminAuthority = notBlank("meetkit.web.admin-authority", adminAuthority);
        }

        /** Returns the user authority. */
        public String getUserAuthority() {
            return userAuthority;
        }

        /**
         * Sets the user authority.
         *
         * @throws IllegalArgumentException if blank
         */
        public void setUserAuthority(String userAuthority) {
            this.userAuthority = notBlank("meetkit.web.user-authority", userAuthority);
        }

        /** Returns the security filter chain's order. */
        public int getSecurityOrder() {
            return securityOrder;
        }

        /** Sets the security filter chain's order. */
        public void setSecurityOrder(int securityOrder) {
            this.securityOrder = securityOrder;
        }

        /** Returns whether HTTP Basic is accepted. */
        public boolean isHttpBasic() {
            return httpBasic;
        }

        /** Sets whether HTTP Basic is accepted. */
        public void setHttpBasic(boolean httpBasic) {
            this.httpBasic = httpBasic;
        }

        private static String notBlank(String property, @Nullable String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(property + " must not be blank");
            }
            return value.strip();
        }
    }

    /** {@code meetkit.maintenance.*}: the periodic jobs (expired meetings, reconciliation, stale recordings). */
    public static class Maintenance {

        /** Whether this instance runs the maintenance jobs; a store lease makes one instance do each job. */
        private boolean enabled = true;

        /** Time between two maintenance runs. */
        private Duration interval = Duration.ofMinutes(1);

        /** Creates the defaults. */
        public Maintenance() {}

        /** Returns whether maintenance runs. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether maintenance runs. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** Returns the interval. */
        public Duration getInterval() {
            return interval;
        }

        /**
         * Sets the interval.
         *
         * @throws IllegalArgumentException if under one second
         */
        public void setInterval(Duration interval) {
            Objects.requireNonNull(interval, "meetkit.maintenance.interval");
            if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("meetkit.maintenance.interval must be at least 1s: " + interval);
            }
            this.interval = interval;
        }
    }
}
