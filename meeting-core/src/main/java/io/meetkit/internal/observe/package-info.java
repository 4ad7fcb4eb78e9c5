/** The implementation of observation: the guarded observer and the observed LiveKit gateway. Built by {@code MeetKit}; not API, may change in any release. */
@NullMarked
package io.meetkit.internal.observe;

import org.jspecify.annotations.NullMarked;
