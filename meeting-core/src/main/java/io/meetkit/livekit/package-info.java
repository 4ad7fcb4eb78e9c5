/**
 * The LiveKit port ({@link io.meetkit.livekit.LiveKitGateway}), its adapter over the official SDK, and
 * {@link io.meetkit.livekit.LiveKitWebhooks}, which verifies LiveKit's webhooks and makes meetings follow them.
 */
@NullMarked
package io.meetkit.livekit;

import org.jspecify.annotations.NullMarked;
