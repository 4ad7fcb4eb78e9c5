/**
 * Users, login, access tokens (HS256 JWTs made with nimbus-jose-jwt, checked by Spring Security's resource server)
 * and refresh tokens rotated in families.
 */
@NullMarked
package io.meetkit.examples.boot.auth;

import org.jspecify.annotations.NullMarked;
