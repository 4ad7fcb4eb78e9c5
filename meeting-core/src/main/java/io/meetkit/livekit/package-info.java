/**
 * The LiveKit port ({@link io.meetkit.livekit.LiveKitGateway}) and its adapter over the official SDK.
 */
@NullMarked
package io.meetkit.livekit;

import org.jspecify.annotations.NullMarked;
