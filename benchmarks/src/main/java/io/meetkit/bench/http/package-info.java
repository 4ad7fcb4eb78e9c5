/** An HTTP load harness for the starter's REST API, run against the example application. */
@NullMarked
package io.meetkit.bench.http;

import org.jspecify.annotations.NullMarked;
