/** The implementation of the periodic jobs. Built by {@code MeetKit}; not API, may change in any release. */
@NullMarked
package io.meetkit.internal.maintenance;

import org.jspecify.annotations.NullMarked;
