/**
 * HS256 JSON Web Tokens for LiveKit: a fast signer for participant tokens and a hardened verifier for tokens and
 * LiveKit webhook {@code Authorization} headers.
 *
 * <p><b>Internal.</b> This package is {@code public} only so that other MeetKit packages can use it. It is not part of
 * MeetKit's API, it may change in any release, and applications should not use it directly.
 *
 * <p>Entry points: {@link io.meetkit.internal.jwt.Hs256Jwt} (sign and verify) and
 * {@link io.meetkit.internal.jwt.WebhookSignatureVerifier} (token plus body hash). Every rejection is a
 * {@link io.meetkit.internal.jwt.JwtRejectedException} with a stable
 * {@link io.meetkit.internal.jwt.JwtRejectedException.Reason}. All types are thread-safe unless stated otherwise.
 */
@NullMarked
package io.meetkit.internal.jwt;

import org.jspecify.annotations.NullMarked;
