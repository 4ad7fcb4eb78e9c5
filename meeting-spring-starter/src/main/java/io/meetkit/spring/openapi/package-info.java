/** MeetKit's REST API described for springdoc-openapi, when the application uses it. */
@NullMarked
package io.meetkit.spring.openapi;

import org.jspecify.annotations.NullMarked;
