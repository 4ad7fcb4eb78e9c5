/** io.meetkit.examples.plain. */
package io.meetkit.examples.plain;
