package io.meetkit.examples.boot.auth;

import org.springframework.http.HttpStatus;

/** A refused authentication request, answered as problem+json with the status and a stable {@code code}. */
final class AuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String code;

    AuthException(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }
}
