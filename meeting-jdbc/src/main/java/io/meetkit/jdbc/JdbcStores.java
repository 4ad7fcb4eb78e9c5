package io.meetkit.jdbc;

import io.meetkit.StoreException;
import io.meetkit.store.MeetKitStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * All MeetKit stores on one JDBC {@link DataSource}, for PostgreSQL (production) and H2 (tests, local
 * development):
 *
 * <pre>{@code
 * JdbcStores stores = JdbcStores.builder(dataSource).build();   // dialect detected, tables "meetkit_*"
 * stores.initializeSchema();                                    // optional: CREATE TABLE IF NOT EXISTS …
 * MeetKit meetKit = MeetKit.builder()…stores(stores).build();
 * }</pre>
 *
 * <p>Every store operation borrows one connection from the data source and gives it back before returning; use a
 * pool (HikariCP). Several application instances may share the database: uniqueness, the one-unfinished-recording
 * rule, compare-and-set updates, name reservations and leases are enforced by the database, not by this JVM.
 *
 * <p>Thread-safe; create one per data source and share it.
 */
public final class JdbcStores implements MeetKitStores {

    /** The default table prefix: tables are {@code meetkit_meetings}, {@code meetkit_recordings}, … */
    public static final String DEFAULT_TABLE_PREFIX = "meetkit_";

    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,29}");

    private final JdbcAccess jdbc;
    private final JdbcDialect dialect;
    private final String tablePrefix;
    private final JdbcMeetingStore meetings;
    private final JdbcRecordingStore recordings;
    private final JdbcParticipantNameStore names;
    private final JdbcWebhookEventLog webhookEvents;
    private final JdbcLeaseStore leases;
    private final JdbcEventOutbox eventOutbox;
    private final JdbcParticipantBanStore participantBans;

    private JdbcStores(Builder b, JdbcDialect dialect) {
        this.jdbc = new JdbcAccess(b.dataSource);
        this.dialect = dialect;
        this.tablePrefix = b.tablePrefix;
        this.meetings = new JdbcMeetingStore(jdbc, tablePrefix);
        this.recordings = new JdbcRecordingStore(jdbc, tablePrefix);
        this.names = new JdbcParticipantNameStore(jdbc, dialect, tablePrefix);
        this.webhookEvents = new JdbcWebhookEventLog(jdbc, dialect, tablePrefix);
        this.leases = new JdbcLeaseStore(jdbc, dialect, tablePrefix);
        this.eventOutbox = new JdbcEventOutbox(jdbc, dialect, tablePrefix);
        this.participantBans = new JdbcParticipantBanStore(jdbc, dialect, tablePrefix);
    }

    /**
     * Returns stores on {@code dataSource} with the detected dialect and the default table prefix.
     *
     * @throws StoreException if the database cannot be reached to detect its dialect
     * @throws IllegalArgumentException if the database is neither PostgreSQL nor H2
     */
    public static JdbcStores create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** Returns a builder for stores on {@code dataSource}. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public JdbcMeetingStore meetings() {
        return meetings;
    }

    @Override
    public JdbcRecordingStore recordings() {
        return recordings;
    }

    @Override
    public JdbcParticipantNameStore participantNames() {
        return names;
    }

    @Override
    public JdbcWebhookEventLog webhookEvents() {
        return webhookEvents;
    }

    @Override
    public JdbcLeaseStore leases() {
        return leases;
    }

    @Override
    public JdbcEventOutbox eventOutbox() {
        return eventOutbox;
    }

    @Override
    public JdbcParticipantBanStore participantBans() {
        return participantBans;
    }

    /** Always {@code true}: {@link #inTransaction} runs its work in one database transaction. */
    @Override
    public boolean transactional() {
        return true;
    }

    /**
     * Runs {@code work} in one database transaction: every call it makes on these stores, on this thread, uses one
     * connection, committed when the work returns and rolled back when it throws. Nested calls join the outer
     * transaction. Keep the work short (it holds a pooled connection and row locks) and free of remote calls.
     *
     * @throws StoreException if the connection cannot be had or the commit fails (nothing of the work is stored)
     */
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        return jdbc.transaction(work);
    }

    /** The dialect in use. */
    public JdbcDialect dialect() {
        return dialect;
    }

    /** The table prefix in use. */
    public String tablePrefix() {
        return tablePrefix;
    }

    /**
     * Returns the schema DDL for this dialect with this table prefix: the text of {@code schema-<dialect>.sql},
     * for applications that run their own migrations.
     */
    public String schemaSql() {
        return withPrefix(resource(dialect.schemaResource()));
    }

    /**
     * Creates the tables and indexes that do not exist yet ({@code CREATE … IF NOT EXISTS}); safe to call on every
     * start. Applications that use Flyway can use the migrations in {@link JdbcDialect#flywayLocation()} instead.
     *
     * @throws StoreException if a statement fails
     */
    public void initializeSchema() {
        runScript("schema initialization", schemaSql());
    }

    /**
     * Drops MeetKit's tables with all their data. Meant for tests.
     *
     * @throws StoreException if a statement fails
     */
    public void dropSchema() {
        runScript("schema drop", withPrefix(resource(dialect.dropResource())));
    }

    private void runScript(String what, String script) {
        List<String> statements = statements(script);
        jdbc.inTransaction(what, c -> {
            try (Statement st = c.createStatement()) {
                for (String sql : statements) {
                    st.execute(sql);
                }
            }
            return null;
        });
    }

    /** Splits a script on {@code ;} after dropping {@code --} comment lines. */
    static List<String> statements(String script) {
        StringBuilder withoutComments = new StringBuilder(script.length());
        for (String line : script.split("\n", -1)) {
            if (!line.strip().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String s : withoutComments.toString().split(";")) {
            if (!s.isBlank()) {
                statements.add(s.strip());
            }
        }
        return statements;
    }

    private String withPrefix(String sql) {
        return sql.replace(DEFAULT_TABLE_PREFIX, tablePrefix);
    }

    private static String resource(String name) {
        try (InputStream in = JdbcStores.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /** Builds {@link JdbcStores}; setters validate at once and name the bad value. Not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private @Nullable JdbcDialect dialect;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** Sets the dialect instead of detecting it from the database's metadata when building. */
        public Builder dialect(JdbcDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * Sets the prefix of every table and index name (default {@value #DEFAULT_TABLE_PREFIX}).
         *
         * @throws IllegalArgumentException unless it is 1 to 30 lower-case letters, digits or {@code _}, starting
         *     with a letter or {@code _}
         */
        public Builder tablePrefix(String tablePrefix) {
            Objects.requireNonNull(tablePrefix, "tablePrefix");
            if (!PREFIX.matcher(tablePrefix).matches()) {
                throw new IllegalArgumentException(
                        "tablePrefix must be 1 to 30 of [a-z0-9_], not starting with a digit: " + tablePrefix);
            }
            this.tablePrefix = tablePrefix;
            return this;
        }

        /**
         * Returns the stores. Without an explicit dialect it opens one connection to read the database product.
         *
         * @throws StoreException if the database cannot be reached to detect its dialect
         * @throws IllegalArgumentException if the database is neither PostgreSQL nor H2
         */
        public JdbcStores build() {
            JdbcDialect d = dialect;
            if (d == null) {
                d = detect(dataSource);
            }
            return new JdbcStores(this, d);
        }

        private static JdbcDialect detect(DataSource dataSource) {
            String product;
            try (var c = dataSource.getConnection()) {
                product = c.getMetaData().getDatabaseProductName();
            } catch (SQLException e) {
                throw JdbcAccess.failure("dialect detection", e);
            }
            return JdbcDialect.fromProductName(product);
        }
    }
}
