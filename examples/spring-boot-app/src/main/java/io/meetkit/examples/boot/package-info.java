/** io.meetkit.examples.boot. */
package io.meetkit.examples.boot;
