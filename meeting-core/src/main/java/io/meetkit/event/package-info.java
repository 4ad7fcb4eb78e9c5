/**
 * What happened to meetings, told to the application: {@link io.meetkit.event.MeetingEvent} and its listeners.
 */
@NullMarked
package io.meetkit.event;

import org.jspecify.annotations.NullMarked;
