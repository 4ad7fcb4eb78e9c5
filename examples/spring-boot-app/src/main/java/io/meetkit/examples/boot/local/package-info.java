/**
 * The embedded defaults: an in-process LiveKit simulation and an in-process S3 when none is configured, so the
 * application runs with nothing installed but a JDK.
 */
@NullMarked
package io.meetkit.examples.boot.local;

import org.jspecify.annotations.NullMarked;
