/** Tests of the embedded local services. */
@NullMarked
package io.meetkit.examples.boot.local;

import org.jspecify.annotations.NullMarked;
