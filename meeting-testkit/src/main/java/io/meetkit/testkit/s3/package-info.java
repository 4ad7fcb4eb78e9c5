/**
 * An in-process S3 (s3proxy on 127.0.0.1, objects in memory) for tests of recordings: {@link
 * io.meetkit.testkit.s3.InProcessS3}.
 */
@NullMarked
package io.meetkit.testkit.s3;

import org.jspecify.annotations.NullMarked;
