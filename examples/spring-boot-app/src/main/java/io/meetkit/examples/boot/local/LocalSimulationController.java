package io.meetkit.examples.boot.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.JoinRefusedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Date;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /local/simulation}: stands in for a video client while the in-process LiveKit simulation runs, so that the
 * flow can be walked with curl. A participant "joins" with the LiveKit token from {@code POST
 * /api/meetings/{id}/token} (checked like LiveKit checks it), and the simulation sends LiveKit's webhooks to MeetKit.
 * Answers 404 when a real LiveKit is configured. Thread-safe.
 */
@RestController
@RequestMapping(path = "/local/simulation", produces = "application/json")
@Tag(
        name = "local simulation",
        description = "Only with the in-process LiveKit simulation: a stand-in for video"
                + " clients joining and leaving rooms")
class LocalSimulationController {

    /** A LiveKit participant token, as {@code POST /api/meetings/{id}/token} returned it. */
    record TokenBody(@Nullable String token) {}

    /** Who joined or left which room. */
    record Presence(String room, String identity, String name) {}

    private final ObjectProvider<LocalServices> local;

    LocalSimulationController(ObjectProvider<LocalServices> local) {
        this.local = local;
    }

    @PostMapping(path = "/join", consumes = "application/json")
    @Operation(
            summary = "A simulated participant joins with a LiveKit token",
            description = "The simulation sends room_started and participant_joined to MeetKit's webhook endpoint.")
    @ApiResponse(responseCode = "200", description = "joined")
    @ApiResponse(responseCode = "400", description = "not a valid, unexpired LiveKit token of this simulation")
    @ApiResponse(responseCode = "404", description = "no simulation runs (a real LiveKit is configured)")
    Presence join(@RequestBody TokenBody body) {
        FakeLiveKitServer liveKit = liveKit();
        Presence p = presence(liveKit, body.token(), true);
        try {
            // as a client connects: a missing room is created from the token's roomConfig (the meeting's settings)
            liveKit.join(body.token());
        } catch (JoinRefusedException e) {
            throw new ResponseStatusException(HttpStatus.valueOf(e.status()), e.getMessage(), e);
        }
        return p;
    }

    @PostMapping(path = "/leave", consumes = "application/json")
    @Operation(
            summary = "The simulated participant of a LiveKit token leaves",
            description = "The simulation sends participant_left (and room_finished when the room empties).")
    @ApiResponse(responseCode = "200", description = "left")
    @ApiResponse(responseCode = "404", description = "no simulation runs, or the participant is not in the room")
    Presence leave(@RequestBody TokenBody body) {
        FakeLiveKitServer liveKit = liveKit();
        Presence p = presence(liveKit, body.token(), false);
        if (!liveKit.leaveParticipant(p.room(), p.identity())) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, p.identity() + " is not in room " + p.room());
        }
        return p;
    }

    private FakeLiveKitServer liveKit() {
        LocalServices services = local.getIfAvailable();
        if (services == null || services.liveKit().isEmpty()) {
            throw new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "no local simulation runs: a real LiveKit is configured");
        }
        return services.liveKit().get();
    }

    private static Presence presence(FakeLiveKitServer liveKit, @Nullable String token, boolean mustBeValid) {
        JWTClaimsSet claims = claims(liveKit, token);
        Date exp = claims.getExpirationTime();
        if (mustBeValid && (exp == null || exp.before(new Date()))) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the token is expired");
        }
        Object video = claims.getClaim("video");
        Object room = video instanceof Map<?, ?> grants ? grants.get("room") : null;
        String identity = claims.getSubject();
        if (room == null || identity == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the token names no room or identity");
        }
        Object name = claims.getClaim("name");
        return new Presence(room.toString(), identity, name == null ? identity : name.toString());
    }

    private static JWTClaimsSet claims(FakeLiveKitServer liveKit, @Nullable String token) {
        if (token == null || token.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "token is required");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
                    || !jwt.verify(new MACVerifier(liveKit.apiSecret().getBytes(StandardCharsets.UTF_8)))
                    || !liveKit.apiKey().equals(jwt.getJWTClaimsSet().getIssuer())) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not a token of this LiveKit");
            }
            return jwt.getJWTClaimsSet();
        } catch (ParseException | JOSEException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not a LiveKit token", e);
        }
    }
}
