/** The JDBC store benchmark: MeetKit's PostgreSQL stores beside raw pgjdbc statements in one run. */
@NullMarked
package io.meetkit.bench.jdbc;

import org.jspecify.annotations.NullMarked;
