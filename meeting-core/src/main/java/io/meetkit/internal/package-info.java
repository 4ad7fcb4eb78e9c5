/**
 * MeetKit's shared internals: the context the components share, the meeting lifecycle, cursors and secrets.
 * Public for Java reasons; not API, may change in any release.
 */
@NullMarked
package io.meetkit.internal;

import org.jspecify.annotations.NullMarked;
