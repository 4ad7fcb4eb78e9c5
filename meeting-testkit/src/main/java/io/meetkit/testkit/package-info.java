/**
 * The MeetKit testkit: {@link io.meetkit.testkit.FakeLiveKitServer}, an in-process LiveKit API server held to
 * LiveKit's wire protocol (Twirp over HTTP, Bearer JWT grants, Twirp errors, signed webhooks, simulated egress),
 * and {@link io.meetkit.testkit.FakeLiveKitExtension} to use it from JUnit 5.
 */
@NullMarked
package io.meetkit.testkit;

import org.jspecify.annotations.NullMarked;
