/** Tests of the example application over real HTTP. */
@NullMarked
package io.meetkit.examples.boot;

import org.jspecify.annotations.NullMarked;
