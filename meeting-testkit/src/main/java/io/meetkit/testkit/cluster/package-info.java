/**
 * Running MeetKit under faults, as several instances would meet them: {@link io.meetkit.testkit.cluster.FailingStores}
 * (store wrappers that fail on cue, as a database dropping between two statements does).
 */
@NullMarked
package io.meetkit.testkit.cluster;

import org.jspecify.annotations.NullMarked;
