/**
 * Helpers of the LiveKit adapter. Public for Java reasons; not API, may change in any release.
 */
@NullMarked
package io.meetkit.livekit.internal;

import org.jspecify.annotations.NullMarked;
