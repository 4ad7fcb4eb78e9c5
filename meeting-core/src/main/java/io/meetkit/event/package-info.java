/**
 * What happened to meetings, told to the application: {@link io.meetkit.event.MeetingEvent} and its listeners, and
 * {@link io.meetkit.event.WebhookRelay}, which posts them signed to the application's URLs.
 */
@NullMarked
package io.meetkit.event;

import org.jspecify.annotations.NullMarked;
