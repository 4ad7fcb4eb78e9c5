package io.meetkit.examples.boot.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A user of the application.
 *
 * @param id the user's id, also the {@code sub} of their access tokens and MeetKit's {@code createdBy}
 * @param username the unique username, lower case
 * @param passwordHash the BCrypt hash of the password
 * @param role what the user may do
 * @param createdAt when the user was created
 */
public record User(UUID id, String username, String passwordHash, Role role, Instant createdAt) {

    /** Validates the components. */
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Hides the password hash. */
    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + ", role=" + role + "]";
    }
}
