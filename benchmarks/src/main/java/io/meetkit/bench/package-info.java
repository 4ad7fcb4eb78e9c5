/** io.meetkit.bench. */
package io.meetkit.bench;
