/** The implementation of the meetings component (create, change, end, delete, live participants). Built by {@code MeetKit}; not API, may change in any release. */
@NullMarked
package io.meetkit.internal.meeting;

import org.jspecify.annotations.NullMarked;
