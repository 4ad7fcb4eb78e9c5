/** The implementation of the participant tokens component (issue, refresh, change role, verify). Built by {@code MeetKit}; not API, may change in any release. */
@NullMarked
package io.meetkit.internal.participant;

import org.jspecify.annotations.NullMarked;
