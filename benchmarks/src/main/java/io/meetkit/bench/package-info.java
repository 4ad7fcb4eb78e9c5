/**
 * JMH suites that measure MeetKit against hand-written baselines and the libraries users would otherwise pick, and
 * print ratios measured in the same run. Run {@link io.meetkit.bench.BenchmarkMain}; see its Javadoc for the command.
 */
@NullMarked
package io.meetkit.bench;

import org.jspecify.annotations.NullMarked;
