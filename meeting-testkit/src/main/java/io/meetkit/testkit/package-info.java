/** io.meetkit.testkit. */
package io.meetkit.testkit;
