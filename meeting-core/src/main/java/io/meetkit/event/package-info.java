/**
 * What happened to meetings, told to the application: {@link io.meetkit.event.MeetingEvent} and its in-process
 * listeners, the durable changes feed ({@link io.meetkit.event.EventFeed}) and the {@link io.meetkit.event.EventRelay},
 * which posts them signed to the application's endpoints from the store's outbox, at least once.
 */
@NullMarked
package io.meetkit.event;

import org.jspecify.annotations.NullMarked;
