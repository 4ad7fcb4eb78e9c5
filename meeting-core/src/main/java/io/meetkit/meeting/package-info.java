/**
 * Meetings: {@link io.meetkit.meeting.MeetingManager}, the {@link io.meetkit.meeting.Meeting} entity, its settings, queries, pages and deletion policies.
 */
@NullMarked
package io.meetkit.meeting;

import org.jspecify.annotations.NullMarked;
