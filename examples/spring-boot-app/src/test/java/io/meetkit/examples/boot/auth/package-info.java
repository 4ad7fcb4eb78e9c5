/** Tests of users and tokens without the web layer. */
@NullMarked
package io.meetkit.examples.boot.auth;

import org.jspecify.annotations.NullMarked;
