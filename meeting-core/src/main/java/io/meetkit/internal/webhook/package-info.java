/** The implementation of the LiveKit webhook handler. Built by {@code MeetKit}; not API, may change in any release. */
@NullMarked
package io.meetkit.internal.webhook;

import org.jspecify.annotations.NullMarked;
