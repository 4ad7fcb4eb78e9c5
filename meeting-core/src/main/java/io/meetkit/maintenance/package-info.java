/**
 * Periodic maintenance: {@link io.meetkit.maintenance.Maintenance} deletes expired meetings, finishes meetings whose
 * LiveKit room is gone, and purges expired name reservations and webhook ids, each job under a lease so that one
 * instance of a cluster runs it.
 */
@NullMarked
package io.meetkit.maintenance;

import org.jspecify.annotations.NullMarked;
