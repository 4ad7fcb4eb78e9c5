/**
 * Running MeetKit as a cluster under faults: {@link io.meetkit.testkit.cluster.FailingStores} (store wrappers that
 * fail on cue, as a database dropping between two statements does) and
 * {@link io.meetkit.testkit.cluster.MeetKitCluster} (several MeetKit instances over one store and one
 * {@link io.meetkit.testkit.FakeLiveKitServer} whose webhooks each go to a random instance, seeded).
 */
@NullMarked
package io.meetkit.testkit.cluster;

import org.jspecify.annotations.NullMarked;
