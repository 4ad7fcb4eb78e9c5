/** io.meetkit.jdbc. */
package io.meetkit.jdbc;
