/**
 * MeetKit: meetings on LiveKit and OpenVidu 3. Start with {@link io.meetkit.MeetKit#builder()}.
 */
@NullMarked
package io.meetkit;

import org.jspecify.annotations.NullMarked;
