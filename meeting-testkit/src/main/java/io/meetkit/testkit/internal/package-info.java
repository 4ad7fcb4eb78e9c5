/**
 * Implementation of the fake LiveKit server. Public for Java reasons only: not API, may change without notice.
 */
@NullMarked
package io.meetkit.testkit.internal;

import org.jspecify.annotations.NullMarked;
