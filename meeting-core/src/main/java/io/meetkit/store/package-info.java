/**
 * Store SPIs, one per aggregate, and their in-memory defaults (for tests and local development).
 */
@NullMarked
package io.meetkit.store;

import org.jspecify.annotations.NullMarked;
