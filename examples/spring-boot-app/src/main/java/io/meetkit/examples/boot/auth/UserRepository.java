package io.meetkit.examples.boot.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code app_users} table. Thread-safe; the database enforces unique usernames. */
@Repository
class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts a user.
     *
     * @return {@code false} when the username is taken
     */
    boolean insert(User user) {
        try {
            jdbc.sql("INSERT INTO app_users (id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)")
                    .params(
                            user.id(),
                            user.username(),
                            user.passwordHash(),
                            user.role().name(),
                            OffsetDateTime.ofInstant(user.createdAt(), ZoneOffset.UTC))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    Optional<User> findByUsername(String username) {
        return jdbc.sql("SELECT * FROM app_users WHERE username = ?")
                .param(username)
                .query(UserRepository::map)
                .optional();
    }

    Optional<User> findById(UUID id) {
        return jdbc.sql("SELECT * FROM app_users WHERE id = ?")
                .param(id)
                .query(UserRepository::map)
                .optional();
    }

    boolean anyWithRole(Role role) {
        return jdbc.sql("SELECT COUNT(*) FROM app_users WHERE role = ?")
                        .param(role.name())
                        .query(Long.class)
                        .single()
                > 0;
    }

    private static User map(ResultSet rs, int row) throws SQLException {
        return new User(
                rs.getObject("id", UUID.class),
                rs.getString("username"),
                rs.getString("password_hash"),
                Role.valueOf(rs.getString("role")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
