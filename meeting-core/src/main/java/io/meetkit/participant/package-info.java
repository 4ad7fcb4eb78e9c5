/**
 * Participant access tokens: {@link io.meetkit.participant.ParticipantTokens} issues, refreshes and verifies LiveKit
 * tokens with roles from a {@link io.meetkit.participant.RolePolicy} and display names that are unique per meeting.
 */
@NullMarked
package io.meetkit.participant;

import org.jspecify.annotations.NullMarked;
