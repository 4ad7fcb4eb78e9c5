package io.meetkit.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.LiveKitUnavailableException;
import io.meetkit.MeetKit;
import io.meetkit.NotFoundException;
import io.meetkit.PermissionDeniedException;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingSettings;
import io.meetkit.meeting.ParticipantPermissions;
import io.meetkit.store.InMemoryStores;
import io.meetkit.store.NameReservation;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.Fault;
import io.meetkit.testkit.MutableClock;
import io.meetkit.testkit.SentData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ParticipantTokens end to end against {@link FakeLiveKitServer}, tokens checked independently with nimbus. */
class ParticipantTokensTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ParticipantRole VIEWER =
            new ParticipantRole("VIEWER", ParticipantPermissions.VIEWER, new AppPermissions(false, true, false));

    private static FakeLiveKitServer fake;

    private MutableClock clock;
    private MeetKit kit;
    private ParticipantTokens tokens;

    @BeforeAll
    static void startFake() {
        fake = FakeLiveKitServer.builder().build().start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void setUp() {
        fake.reset();
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        kit = MeetKit.builder()
                .liveKitUrl(fake.url())
                .apiKey(fake.apiKey())
                .apiSecret(fake.apiSecret())
                .clock(clock)
                .stores(new InMemoryStores())
                .rolePolicy(RolePolicy.builder().role(VIEWER).build())
                .build();
        tokens = kit.tokens();
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private Meeting meeting() {
        return meeting(MeetingSettings.builder()
                .maxParticipants(12)
                .emptyTimeout(Duration.ofMinutes(3))
                .build());
    }

    private Meeting meeting(MeetingSettings settings) {
        return kit.meetings()
                .create(CreateMeeting.builder("Team sync", "user-1")
                        .settings(settings)
                        .build());
    }

    private List<NameReservation> reserved(Meeting m) {
        return tokens.reservedNames(m.id());
    }

    private static JsonNode metadata(SignedJWT jwt) throws Exception {
        return JSON.readTree(jwt.getJWTClaimsSet().getStringClaim("metadata"));
    }

    // ------------------------------------------------------------------ issue

    @Test
    @DisplayName(
            "the full issue path: no LiveKit call, token verified by nimbus, room created on join from its roomConfig")
    void issuesAVerifiableToken() throws Exception {
        Meeting m = meeting();

        ParticipantToken t = tokens.issue(m.id(), TokenRequest.of("Alice", "SPEAKER"));

        assertThat(t.identity()).as("readable prefix, random suffix").matches("alice-[a-z2-7]{12}");
        assertThat(t.displayName()).isEqualTo("Alice");
        assertThat(t.url()).isEqualTo(fake.url());
        assertThat(t.room()).isEqualTo(m.roomName());
        assertThat(t.role().name()).isEqualTo("SPEAKER");
        assertThat(t.role().app()).isEqualTo(new AppPermissions(false, true, true));
        assertThat(t.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
        assertThat(t.toString()).doesNotContain(t.token());

        assertThat(fake.requests()).as("no LiveKit call").isEmpty();
        assertThat(fake.room(m.roomName())).isEmpty();
        fake.join(t.token());
        Room room = fake.room(m.roomName()).orElseThrow();
        assertThat(room.getMaxParticipants()).isEqualTo(12);
        assertThat(room.getEmptyTimeout()).isEqualTo(180);
        assertThat(room.getDepartureTimeout()).isEqualTo(20);
        assertThat(room.getMetadata()).isEqualTo("{\"meetkitMeetingId\":\"" + m.id() + "\"}");

        SignedJWT jwt = SignedJWT.parse(t.token());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(fake.apiSecret().getBytes(StandardCharsets.UTF_8))))
                .isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(fake.apiKey());
        assertThat(claims.getSubject()).isEqualTo(t.identity());
        assertThat(claims.getStringClaim("name")).isEqualTo("Alice");
        Instant nbf = claims.getNotBeforeTime().toInstant();
        Instant exp = claims.getExpirationTime().toInstant();
        assertThat(nbf).isEqualTo(clock.instant());
        assertThat(Duration.between(nbf, exp)).isEqualTo(Duration.ofHours(2));
        assertThat(claims.getJSONObjectClaim("video"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "roomJoin",
                        true,
                        "room",
                        m.roomName(),
                        "canPublish",
                        true,
                        "canSubscribe",
                        true,
                        "canPublishData",
                        true,
                        "canUpdateOwnMetadata",
                        false));
        assertThat(claims.getJSONObjectClaim("roomConfig"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "name",
                        m.roomName(),
                        "emptyTimeout",
                        180L,
                        "departureTimeout",
                        20L,
                        "maxParticipants",
                        12L,
                        "metadata",
                        "{\"meetkitMeetingId\":\"" + m.id() + "\"}"));
        JsonNode meta = metadata(jwt);
        assertThat(meta.get("livekitUrl").asText()).isEqualTo(fake.url());
        assertThat(meta.get("selectedRole").asText()).isEqualTo("SPEAKER");
        assertThat(meta.get("roles")).hasSize(1);
        assertThat(meta.at("/roles/0/role").asText()).isEqualTo("SPEAKER");
        assertThat(meta.at("/roles/0/permissions"))
                .isEqualTo(JSON.readTree("{\"recordingControl\":false,\"recordingList\":true,\"recordingPlay\":true,"
                        + "\"recordingDownload\":true,\"recordingDelete\":false,\"meetingJoin\":true,"
                        + "\"roomShareAccessLinks\":false,\"participantPromote\":false,\"participantKick\":false,"
                        + "\"meetingEnd\":false,\"mediaPublishVideo\":true,\"mediaPublishAudio\":true,"
                        + "\"mediaShareScreen\":true,\"chatRead\":true,\"chatWrite\":true,"
                        + "\"mediaChangeVirtualBackground\":true,"
                        + "\"canRecord\":false,\"canChat\":true,\"canChangeVirtualBackground\":true}"));

        ParticipantClaims verified = tokens.verify(t.token());
        assertThat(verified.identity()).isEqualTo(t.identity());
        assertThat(verified.room()).isEqualTo(m.roomName());
        assertThat(verified.canJoin()).isTrue();
        assertThat(verified.selectedRole()).isEqualTo("SPEAKER");
        assertThat(verified.permissions()).isEqualTo(new AppPermissions(false, true, true));
        assertThat(verified.expiresAt()).isEqualTo(exp);

        assertThat(reserved(m)).singleElement().satisfies(r -> {
            assertThat(r.displayName()).isEqualTo("Alice");
            assertThat(r.role()).isEqualTo("SPEAKER");
            assertThat(r.expiresAt()).isAfter(t.expiresAt());
        });
    }

    @Test
    void moderatorTokenCarriesRecordingPermissionAndAppIdentityAndAttributes() throws Exception {
        Meeting m = meeting();

        ParticipantToken t = tokens.issue(
                m.id(),
                TokenRequest.builder()
                        .displayName("  Dr. Who  ")
                        .role("moderator")
                        .identity("user-42")
                        .attributes(Map.of("team", "blue"))
                        .build());

        assertThat(t.identity()).isEqualTo("user-42");
        assertThat(t.displayName()).isEqualTo("Dr. Who");
        assertThat(t.role().app()).isEqualTo(AppPermissions.ALL);
        JWTClaimsSet claims = SignedJWT.parse(t.token()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("user-42");
        assertThat(claims.getStringClaim("name")).isEqualTo("Dr. Who");
        assertThat(claims.getJSONObjectClaim("attributes")).isEqualTo(Map.of("team", "blue"));
        assertThat(reserved(m)).extracting(NameReservation::identity).containsExactly("user-42");
    }

    @Test
    void meetingSettingsSwitchAppPermissionsOff() throws Exception {
        Meeting m = meeting(MeetingSettings.builder()
                .chatEnabled(false)
                .recordingEnabled(false)
                .build());

        ParticipantToken t = tokens.issue(m.id(), TokenRequest.of("Mod", "MODERATOR"));

        assertThat(t.role().app()).isEqualTo(new AppPermissions(false, false, true));
        assertThat(metadata(SignedJWT.parse(t.token()))
                        .at("/roles/0/permissions/canChat")
                        .asBoolean())
                .isFalse();
        assertThat(metadata(SignedJWT.parse(t.token()))
                        .at("/roles/0/permissions/canRecord")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void anAppDefinedRoleGetsItsOwnGrants() throws Exception {
        Meeting m = meeting();

        ParticipantToken t = tokens.issue(m.id(), TokenRequest.of("Watcher", "VIEWER"));

        Map<String, Object> video = SignedJWT.parse(t.token()).getJWTClaimsSet().getJSONObjectClaim("video");
        assertThat(video)
                .containsEntry("canPublish", false)
                .containsEntry("canPublishData", false)
                .containsEntry("canSubscribe", true)
                .containsEntry("canUpdateOwnMetadata", false);
    }

    @Test
    void namesAreUniqueCaseInsensitivelyAndKeepTheirCase() {
        Meeting m = meeting();

        assertThat(tokens.issue(m.id(), TokenRequest.of("Alice", "SPEAKER")).displayName())
                .isEqualTo("Alice");
        assertThat(tokens.issue(m.id(), TokenRequest.of("alice", "SPEAKER")).displayName())
                .isEqualTo("alice_2");
        assertThat(tokens.issue(m.id(), TokenRequest.of("ALICE", "SPEAKER")).displayName())
                .isEqualTo("ALICE_3");
        assertThat(tokens.issue(m.id(), TokenRequest.of("Bob", "SPEAKER")).displayName())
                .isEqualTo("Bob");
    }

    @Test
    @DisplayName("case folding does not depend on the server's locale, and composed and decomposed accents collide")
    void caseFoldingIsLocaleIndependentAndNormalized() {
        Meeting m = meeting();
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR")); // "I".toLowerCase() is a dotless ı here
        try {
            assertThat(tokens.issue(m.id(), TokenRequest.of("IRIS", "SPEAKER")).displayName())
                    .isEqualTo("IRIS");
            assertThat(tokens.issue(m.id(), TokenRequest.of("iris", "SPEAKER")).displayName())
                    .isEqualTo("iris_2");
        } finally {
            Locale.setDefault(before);
        }
        assertThat(tokens.issue(m.id(), TokenRequest.of("Jos\u00E9", "SPEAKER")).displayName())
                .isEqualTo("Jos\u00E9");
        assertThat(tokens.issue(m.id(), TokenRequest.of("JOSE\u0301", "SPEAKER"))
                        .displayName())
                .as("its case kept, in NFC")
                .isEqualTo("JOS\u00C9_2");
    }

    @Test
    @DisplayName("32 threads reserving Alice get Alice, Alice_2 … Alice_32, and a freed number is reused")
    void concurrentJoinsGetDistinctNames() throws Exception {
        Meeting m = meeting();
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ParticipantToken>> futures = new ArrayList<>();
            java.util.Map<String, String> identities = new java.util.HashMap<>();
            for (int i = 0; i < threads; i++) {
                Callable<ParticipantToken> join = () -> {
                    start.await();
                    return tokens.issue(m.id(), TokenRequest.of("Alice", "SPEAKER"));
                };
                futures.add(pool.submit(join));
            }
            start.countDown();
            List<String> names = new ArrayList<>();
            for (Future<ParticipantToken> f : futures) {
                ParticipantToken t = f.get(30, TimeUnit.SECONDS);
                names.add(t.displayName());
                identities.put(t.displayName(), t.identity());
            }
            assertThat(identities.values()).as("every identity distinct").doesNotHaveDuplicates();

            List<String> expected = IntStream.rangeClosed(1, threads)
                    .mapToObj(n -> n == 1 ? "Alice" : "Alice_" + n)
                    .toList();
            assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(fake.requests()).as("no LiveKit call").isEmpty();
            assertThat(tokens.releaseName(m.id(), identities.get("Alice_7"))).isTrue();
        } finally {
            pool.shutdownNow();
        }

        assertThat(tokens.issue(m.id(), TokenRequest.of("Alice", "SPEAKER")).displayName())
                .isEqualTo("Alice_7");
        assertThat(tokens.issue(m.id(), TokenRequest.of("Alice", "SPEAKER")).displayName())
                .isEqualTo("Alice_33");
    }

    @Test
    void aClosedMeetingRefusesTokens() {
        Meeting m = meeting();
        kit.meetings().close(m.id());

        ConflictException e = catchThrowableOfType(
                ConflictException.class, () -> tokens.issue(m.id(), TokenRequest.of("Alice", "SPEAKER")));

        assertThat(e.code()).isEqualTo(ConflictException.MEETING_CLOSED);
        assertThat(reserved(m)).isEmpty();
        assertThat(fake.requests("CreateRoom")).isEmpty();
    }

    // ------------------------------------------------------------------ role secrets and no-name tokens

    @Test
    void roleSecretsSelectTheRole() {
        Meeting m = meeting();

        assertThat(tokens.issue(
                                m.id(),
                                TokenRequest.builder()
                                        .displayName("M")
                                        .secret(m.moderatorSecret())
                                        .build())
                        .role()
                        .name())
                .isEqualTo("MODERATOR");
        assertThat(tokens.issue(
                                m.id(),
                                TokenRequest.builder()
                                        .displayName("S")
                                        .secret(m.speakerSecret())
                                        .build())
                        .role()
                        .name())
                .isEqualTo("SPEAKER");
    }

    @Test
    void anUnknownOrRotatedSecretIsAPermissionError() {
        Meeting m = meeting();
        Meeting rotated = kit.meetings().rotateRoleSecrets(m.id());

        for (String secret : List.of("not-a-secret", m.moderatorSecret(), m.speakerSecret())) {
            PermissionDeniedException e = catchThrowableOfType(
                    PermissionDeniedException.class,
                    () -> tokens.issue(
                            m.id(),
                            TokenRequest.builder()
                                    .displayName("Eve")
                                    .secret(secret)
                                    .build()));
            assertThat(e.getMessage()).doesNotContain(secret);
        }
        assertThat(reserved(m)).isEmpty();
        assertThat(tokens.issue(
                                m.id(),
                                TokenRequest.builder()
                                        .displayName("M")
                                        .secret(rotated.moderatorSecret())
                                        .build())
                        .role()
                        .name())
                .isEqualTo("MODERATOR");
    }

    @Test
    void withoutADisplayNameTheTokenIdentifiesTheRoleButCannotJoin() throws Exception {
        Meeting m = meeting();

        ParticipantToken t = tokens.issue(
                m.id(), TokenRequest.builder().secret(m.moderatorSecret()).build());

        assertThat(t.canJoin()).isFalse();
        assertThat(t.displayName()).isNull();
        assertThat(t.role().name()).isEqualTo("MODERATOR");
        JWTClaimsSet claims = SignedJWT.parse(t.token()).getJWTClaimsSet();
        assertThat(claims.getJSONObjectClaim("video"))
                .containsEntry("roomJoin", false)
                .containsEntry("room", m.roomName());
        assertThat(claims.getNotBeforeTime()).isNotNull();
        assertThat(claims.getExpirationTime()).isNotNull();
        assertThat(tokens.verify(t.token()).canJoin()).isFalse();
        assertThat(reserved(m)).isEmpty();
        assertThat(fake.requests("CreateRoom")).as("no LiveKit round trip").isEmpty();
    }

    @Test
    void thePreviousTokensRolesAreCarriedOver() throws Exception {
        Meeting m = meeting();
        ParticipantToken first = tokens.issue(
                m.id(), TokenRequest.builder().secret(m.moderatorSecret()).build());

        ParticipantToken second = tokens.issue(
                m.id(),
                TokenRequest.builder()
                        .displayName("Ann")
                        .secret(m.speakerSecret())
                        .previousToken(first.token())
                        .build());

        JsonNode meta = metadata(SignedJWT.parse(second.token()));
        assertThat(meta.get("selectedRole").asText()).isEqualTo("SPEAKER");
        assertThat(meta.findValuesAsText("role")).containsExactly("MODERATOR", "SPEAKER");
        assertThat(tokens.verify(second.token()).roles()).containsExactly("MODERATOR", "SPEAKER");
    }

    @Test
    void aPreviousTokenOfAnotherMeetingIsRefused() {
        Meeting m = meeting();
        Meeting other = meeting();
        ParticipantToken foreign = tokens.issue(other.id(), TokenRequest.of("X", "MODERATOR"));

        InvalidRequestException e = catchThrowableOfType(
                InvalidRequestException.class,
                () -> tokens.issue(
                        m.id(),
                        TokenRequest.builder()
                                .displayName("Y")
                                .role("SPEAKER")
                                .previousToken(foreign.token())
                                .build()));

        assertThat(e.violations())
                .extracting(InvalidRequestException.Violation::field)
                .containsExactly("previousToken");
        assertThat(reserved(m)).isEmpty();
    }

    @Test
    @DisplayName("the initial media state is the meeting's unless the join overrides it, carried in the token metadata")
    void initialMediaState() throws Exception {
        // OpenVidu Meet's room settings initialAudioEnabled / initialVideoEnabled (default true, overridable per join:
        // feat/meeting-control-parity, meet-ce/backend/src/models/zod-schemas/room.schema.ts)
        Meeting quiet =
                meeting(MeetingSettings.builder().initialAudioEnabled(false).build());
        JsonNode asIs = metadata(SignedJWT.parse(
                tokens.issue(quiet.id(), TokenRequest.of("Ann", "SPEAKER")).token()));
        assertThat(asIs.get("initialAudioEnabled").booleanValue()).isFalse();
        assertThat(asIs.get("initialVideoEnabled").booleanValue()).isTrue();
        assertThat(asIs.get("selectedRole").asText()).isEqualTo("SPEAKER");

        JsonNode overridden = metadata(SignedJWT.parse(tokens.issue(
                        quiet.id(),
                        TokenRequest.builder()
                                .displayName("Ben")
                                .role("SPEAKER")
                                .initialAudioEnabled(true)
                                .initialVideoEnabled(false)
                                .build())
                .token()));
        assertThat(overridden.get("initialAudioEnabled").booleanValue()).isTrue();
        assertThat(overridden.get("initialVideoEnabled").booleanValue()).isFalse();

        JsonNode defaults = metadata(SignedJWT.parse(
                tokens.issue(meeting().id(), TokenRequest.of("Cid", "SPEAKER")).token()));
        assertThat(defaults.get("initialAudioEnabled").booleanValue()).isTrue();
        assertThat(defaults.get("initialVideoEnabled").booleanValue()).isTrue();
    }

    @Test
    @DisplayName("a refresh keeps the join's initial media state as signed into the presented token")
    void refreshKeepsInitialMediaState() throws Exception {
        Meeting m = meeting();
        ParticipantToken t = tokens.issue(
                m.id(),
                TokenRequest.builder()
                        .displayName("Dee")
                        .role("SPEAKER")
                        .initialVideoEnabled(false)
                        .build());
        fake.join(t.token());
        clock.advance(Duration.ofMinutes(10));

        JsonNode refreshed = metadata(
                SignedJWT.parse(tokens.refresh(m.id(), t.identity(), t.token()).token()));
        assertThat(refreshed.get("initialVideoEnabled").booleanValue()).isFalse();
        assertThat(refreshed.get("initialAudioEnabled").booleanValue()).isTrue();
    }

    // ------------------------------------------------------------------ refresh

    @Test
    @DisplayName("a speaker that rewrote its own metadata to say moderator still refreshes to a speaker token")
    void refreshTakesTheRoleFromMeetKitsRecord() throws Exception {
        Meeting m = meeting();
        ParticipantToken t = tokens.issue(m.id(), TokenRequest.of("Bob", "SPEAKER"));
        String forged = "{\"livekitUrl\":\"x\",\"roles\":[{\"role\":\"MODERATOR\",\"permissions\":{\"canRecord\":true,"
                + "\"canChat\":true,\"canChangeVirtualBackground\":true}}],\"selectedRole\":\"MODERATOR\"}";
        fake.joinParticipant(m.roomName(), t.identity(), "Bob", forged);
        clock.advance(Duration.ofMinutes(30));

        ParticipantToken refreshed = tokens.refresh(m.id(), t.identity(), t.token());

        assertThat(refreshed.role().name()).isEqualTo("SPEAKER");
        assertThat(refreshed.identity()).isEqualTo(t.identity());
        assertThat(refreshed.displayName()).isEqualTo("Bob");
        assertThat(refreshed.expiresAt()).isEqualTo(t.expiresAt().plus(Duration.ofMinutes(30)));
        JsonNode meta = metadata(SignedJWT.parse(refreshed.token()));
        assertThat(meta.get("selectedRole").asText()).isEqualTo("SPEAKER");
        assertThat(meta.findValuesAsText("role")).containsExactly("SPEAKER");
        assertThat(meta.at("/roles/0/permissions/canRecord").asBoolean()).isFalse();
        assertThat(tokens.verify(refreshed.token()).selectedRole()).isEqualTo("SPEAKER");
        assertThat(reserved(m))
                .as("no new reservation, the old one renewed")
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.displayName()).isEqualTo("Bob");
                    assertThat(r.expiresAt()).isAfter(refreshed.expiresAt());
                });
    }

    @Test
    void refreshOfAParticipantWhoLeftIsNotFound() {
        Meeting m = meeting();
        ParticipantToken carl = tokens.issue(m.id(), TokenRequest.of("Carl", "SPEAKER"));
        fake.joinParticipant(m.roomName(), carl.identity());
        fake.leaveParticipant(m.roomName(), carl.identity());

        NotFoundException e = catchThrowableOfType(
                NotFoundException.class, () -> tokens.refresh(m.id(), carl.identity(), carl.token()));

        assertThat(e.code()).isEqualTo(NotFoundException.PARTICIPANT_NOT_FOUND);
    }

    @Test
    void refreshOfSomeoneWithAnotherParticipantsTokenIsDenied() {
        Meeting m = meeting();
        ParticipantToken dora = tokens.issue(m.id(), TokenRequest.of("Dora", "SPEAKER"));
        fake.joinParticipant(m.roomName(), "intruder");

        PermissionDeniedException e = catchThrowableOfType(
                PermissionDeniedException.class, () -> tokens.refresh(m.id(), "intruder", dora.token()));

        assertThat(e.code()).isEqualTo(PermissionDeniedException.PERMISSION_DENIED);
    }

    @Test
    void refreshOfAnIdentityWithoutAReservationIsNotFound() {
        Meeting m = meeting();
        ParticipantToken dora = tokens.issue(
                m.id(),
                TokenRequest.builder()
                        .displayName("Dora")
                        .identity("user-7")
                        .role("SPEAKER")
                        .build());
        fake.joinParticipant(m.roomName(), "user-7");
        tokens.releaseName(m.id(), "user-7");

        NotFoundException e =
                catchThrowableOfType(NotFoundException.class, () -> tokens.refresh(m.id(), "user-7", dora.token()));

        assertThat(e.code()).isEqualTo(NotFoundException.PARTICIPANT_NOT_FOUND);
    }

    // ------------------------------------------------------------------ change role

    @Test
    @DisplayName("a role change updates LiveKit's permission live and signals that participant only")
    void changeRoleUpdatesPermissionAndSignalsTheParticipant() throws Exception {
        Meeting m = meeting();
        ParticipantToken carolToken = tokens.issue(m.id(), TokenRequest.of("Carol", "SPEAKER"));
        ParticipantToken daveToken = tokens.issue(m.id(), TokenRequest.of("Dave", "SPEAKER"));
        String carolId = carolToken.identity();
        fake.joinParticipant(m.roomName(), carolId);
        fake.joinParticipant(m.roomName(), daveToken.identity());

        ParticipantRole role = tokens.changeRole(m.id(), carolId, "VIEWER");

        assertThat(role).isEqualTo(VIEWER);
        assertThat(fake.requests("UpdateParticipant")).hasSize(1);
        ParticipantInfo carol = fake.participant(m.roomName(), carolId).orElseThrow();
        assertThat(carol.getPermission().getCanPublish()).isFalse();
        assertThat(carol.getPermission().getCanSubscribe()).isTrue();
        JsonNode meta = JSON.readTree(carol.getMetadata());
        assertThat(meta.get("selectedRole").asText()).isEqualTo("VIEWER");
        assertThat(meta.findValuesAsText("role")).containsExactly("SPEAKER", "VIEWER");
        assertThat(fake.participant(m.roomName(), daveToken.identity())
                        .orElseThrow()
                        .getPermission()
                        .getCanPublish())
                .as("others untouched")
                .isTrue();

        List<SentData> sent = fake.sentData();
        assertThat(sent).singleElement().satisfies(d -> {
            assertThat(d.destinationIdentities()).containsExactly(carolId);
            assertThat(d.topic()).isEqualTo(ParticipantTokens.ROLE_UPDATED_TOPIC);
            JsonNode signal = JSON.readTree(d.payloadUtf8());
            assertThat(signal.get("type").asText()).isEqualTo("participant_role_updated");
            assertThat(signal.get("role").asText()).isEqualTo("VIEWER");
            assertThat(d.payloadUtf8()).doesNotContain(m.moderatorSecret()).doesNotContain(m.speakerSecret());
        });

        ParticipantToken refreshed = tokens.refresh(m.id(), carolId, carolToken.token());
        assertThat(refreshed.role().name()).isEqualTo("VIEWER");
        assertThat(SignedJWT.parse(refreshed.token()).getJWTClaimsSet().getJSONObjectClaim("video"))
                .containsEntry("canPublish", false);
    }

    @Test
    void aFailedRoleChangeKeepsTheRecordedRole() {
        Meeting m = meeting();
        String erin = tokens.issue(m.id(), TokenRequest.of("Erin", "SPEAKER")).identity();
        fake.joinParticipant(m.roomName(), erin);
        fake.failNext("UpdateParticipant", 1, Fault.http(503));

        assertThatThrownBy(() -> tokens.changeRole(m.id(), erin, "MODERATOR"))
                .isInstanceOf(LiveKitUnavailableException.class);

        assertThat(reserved(m))
                .singleElement()
                .extracting(NameReservation::role)
                .isEqualTo("SPEAKER");
        assertThat(fake.sentData()).isEmpty();
    }

    @Test
    void changeRoleOfSomeoneNotInTheRoomIsNotFound() {
        Meeting m = meeting();
        tokens.issue(m.id(), TokenRequest.of("Finn", "SPEAKER"));

        NotFoundException e =
                catchThrowableOfType(NotFoundException.class, () -> tokens.changeRole(m.id(), "Finn", "MODERATOR"));

        assertThat(e.code()).isEqualTo(NotFoundException.PARTICIPANT_NOT_FOUND);
        assertThat(reserved(m))
                .singleElement()
                .extracting(NameReservation::role)
                .isEqualTo("SPEAKER");
    }

    // ------------------------------------------------------------------ bad input

    /**
     * {@code createRoomsOnJoin(true)}, for a LiveKit whose {@code room.auto_create} is off: MeetKit creates the room
     * before it hands out a join token, and trusts it while the store agrees (LiveKit's webhooks reach the kit).
     */
    @Nested
    class ExplicitRoomCreation {

        @BeforeEach
        void explicitKit() {
            kit.close();
            kit = MeetKit.builder()
                    .liveKitUrl(fake.url())
                    .apiKey(fake.apiKey())
                    .apiSecret(fake.apiSecret())
                    .clock(clock)
                    .stores(new InMemoryStores())
                    .createRoomsOnJoin(true)
                    .build();
            tokens = kit.tokens();
            MeetKit explicit = kit;
            fake.webhookSink((body, auth) -> explicit.webhooks().handle(body, auth));
            fake.autoCreate(false);
        }

        @AfterEach
        void noSink() {
            fake.webhookSink(null);
        }

        @Test
        @DisplayName("the room is created with the meeting's settings before the token is handed out")
        void roomCreatedOnIssue() {
            Meeting m = meeting();

            ParticipantToken t = tokens.issue(m.id(), TokenRequest.of("A", "SPEAKER"));

            Room room = fake.room(m.roomName()).orElseThrow();
            assertThat(room.getMaxParticipants()).isEqualTo(12);
            assertThat(room.getEmptyTimeout()).isEqualTo(180);
            assertThat(room.getDepartureTimeout()).isEqualTo(20);
            assertThat(room.getMetadata()).isEqualTo("{\"meetkitMeetingId\":\"" + m.id() + "\"}");
            fake.join(t.token());
            assertThat(fake.participants(m.roomName())).hasSize(1);
        }

        @Test
        @DisplayName("16 concurrent joins of a cold room share one CreateRoom")
        void concurrentJoinsShareOneCreateRoom() throws Exception {
            Meeting m = meeting();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<ParticipantToken>> futures = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    String name = "P" + i;
                    futures.add(pool.submit(() -> {
                        start.await();
                        return tokens.issue(m.id(), TokenRequest.of(name, "SPEAKER"));
                    }));
                }
                start.countDown();
                for (Future<ParticipantToken> f : futures) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(fake.requests("CreateRoom")).hasSize(1);
        }

        @Test
        void knownRoomsAreNotCreatedAgainOnEveryJoin() {
            Meeting m = meeting();

            tokens.issue(m.id(), TokenRequest.of("A", "SPEAKER"));
            tokens.issue(m.id(), TokenRequest.of("B", "SPEAKER"));
            clock.advance(Duration.ofSeconds(30));
            tokens.issue(m.id(), TokenRequest.of("C", "SPEAKER"));

            assertThat(fake.requests("CreateRoom")).hasSize(1);
        }

        @Test
        @DisplayName("a room deleted behind our back is created again")
        void roomDeletedBehindOurBackIsCreatedAgain() {
            Meeting m = meeting();
            tokens.issue(m.id(), TokenRequest.of("A", "SPEAKER"));
            assertThat(fake.removeRoom(m.roomName())).isTrue();

            clock.advance(ParticipantTokens.ROOM_RECHECK_INTERVAL.plusSeconds(1));
            tokens.issue(m.id(), TokenRequest.of("B", "SPEAKER"));

            assertThat(fake.room(m.roomName())).isPresent();
            assertThat(fake.requests("CreateRoom")).hasSize(2);
        }

        @Test
        void anEndedMeetingsRoomIsCreatedAgainOnTheNextJoin() {
            Meeting m = meeting();
            tokens.issue(m.id(), TokenRequest.of("A", "SPEAKER"));

            kit.meetings().end(m.id());
            assertThat(fake.room(m.roomName())).isEmpty();
            tokens.issue(m.id(), TokenRequest.of("B", "SPEAKER"));

            assertThat(fake.room(m.roomName())).isPresent();
            assertThat(fake.requests("CreateRoom")).hasSize(2);
        }

        @Test
        void aLiveKitFailureDuringIssueLeavesNoReservation() {
            Meeting m = meeting();
            fake.failNext("CreateRoom", 1, Fault.http(503));

            assertThatThrownBy(() -> tokens.issue(m.id(), TokenRequest.of("Alice", "SPEAKER")))
                    .isInstanceOf(LiveKitUnavailableException.class);

            assertThat(reserved(m)).isEmpty();
            assertThat(tokens.issue(m.id(), TokenRequest.of("Alice", "SPEAKER")).displayName())
                    .as("the name is still free")
                    .isEqualTo("Alice");
        }
    }

    @Nested
    class BadInput {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    "   ",
                    "\t",
                    "Al\u0007ice",
                    "Al\nice",
                    "Al\u2028ice",
                    "Al\u2029ice",
                    "Al\u0085ice",
                    "Al\u007Fice",
                    "Al\uD800ice",
                    "\uDC00Alice",
                    "123456789012345678901234567890123456789012345678901"
                })
        void badDisplayNamesAreRefusedAndReserveNothing(String name) {
            Meeting m = meeting();

            InvalidRequestException e = catchThrowableOfType(
                    InvalidRequestException.class, () -> tokens.issue(m.id(), TokenRequest.of(name, "SPEAKER")));

            assertThat(e.violations())
                    .extracting(InvalidRequestException.Violation::field)
                    .containsExactly("displayName");
            assertThat(reserved(m)).isEmpty();
            assertThat(fake.requests("CreateRoom")).isEmpty();
        }

        @Test
        void fiftyCharactersAfterTrimmingAreAccepted() {
            Meeting m = meeting();
            String fifty = "  " + "x".repeat(50) + "  ";

            assertThat(tokens.issue(m.id(), TokenRequest.of(fifty, "SPEAKER")).displayName())
                    .isEqualTo("x".repeat(50));
        }

        @Test
        void anUnknownRoleIsRefused() {
            Meeting m = meeting();

            InvalidRequestException e = catchThrowableOfType(
                    InvalidRequestException.class, () -> tokens.issue(m.id(), TokenRequest.of("Alice", "ADMIN")));

            assertThat(e.violations())
                    .extracting(InvalidRequestException.Violation::field)
                    .containsExactly("role");
            assertThat(e.getMessage()).contains("ADMIN").contains("MODERATOR, SPEAKER, VIEWER");
            assertThat(reserved(m)).isEmpty();
        }

        @Test
        void neitherOrBothOfRoleAndSecretIsRefused() {
            Meeting m = meeting();

            assertThatThrownBy(() -> tokens.issue(
                            m.id(), TokenRequest.builder().displayName("A").build()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("role is required unless a secret is given");
            assertThatThrownBy(() -> tokens.issue(
                            m.id(),
                            TokenRequest.builder()
                                    .displayName("A")
                                    .role("SPEAKER")
                                    .secret(m.speakerSecret())
                                    .build()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("role must not be combined with a secret")
                    .hasMessageNotContaining(m.speakerSecret());
            assertThat(reserved(m)).isEmpty();
        }

        @Test
        void aBadIdentityOrAttributesAreRefused() {
            Meeting m = meeting();

            assertThatThrownBy(() -> tokens.issue(
                            m.id(),
                            TokenRequest.builder()
                                    .displayName("A")
                                    .role("SPEAKER")
                                    .identity(" ")
                                    .build()))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> tokens.issue(
                            m.id(),
                            TokenRequest.builder()
                                    .displayName("A")
                                    .role("SPEAKER")
                                    .identity("x".repeat(256))
                                    .build()))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> tokens.issue(
                            m.id(),
                            TokenRequest.builder()
                                    .displayName("A")
                                    .role("SPEAKER")
                                    .attributes(Map.of("k", "v".repeat(1025)))
                                    .build()))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> tokens.issue(
                            m.id(),
                            TokenRequest.builder()
                                    .displayName("A")
                                    .role("SPEAKER")
                                    .identity("user\uD800")
                                    .build()))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> tokens.issue(
                            m.id(),
                            TokenRequest.builder()
                                    .displayName("A")
                                    .role("SPEAKER")
                                    .attributes(Map.of("k", "\uDFFFv"))
                                    .build()))
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(reserved(m)).isEmpty();
        }

        @Test
        void anUnknownMeetingIsNotFound() {
            UUID unknown = UUID.randomUUID();

            NotFoundException e = catchThrowableOfType(
                    NotFoundException.class, () -> tokens.issue(unknown, TokenRequest.of("Alice", "SPEAKER")));

            assertThat(e.code()).isEqualTo(NotFoundException.MEETING_NOT_FOUND);
            assertThat(tokens.reservedNames(unknown)).isEmpty();
            assertThat(fake.requests("CreateRoom")).isEmpty();
            assertThatThrownBy(() -> tokens.refresh(unknown, "Alice", "a.b.c")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> tokens.changeRole(unknown, "Alice", "SPEAKER"))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    // ------------------------------------------------------------------ verify

    @Nested
    class Verify {

        private String valid;

        @BeforeEach
        void issue() {
            valid = tokens.issue(meeting().id(), TokenRequest.of("Alice", "SPEAKER"))
                    .token();
        }

        private TokenRejectedException.Reason rejection(String token) {
            TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> tokens.verify(token));
            assertThat(e).as("rejected").isNotNull();
            if (!token.isEmpty()) {
                assertThat(e.getMessage()).doesNotContain(token);
            }
            assertThat(e.getMessage()).doesNotContain(fake.apiSecret());
            assertThat(e.code()).isEqualTo(e.reason().code());
            return e.reason();
        }

        private String nimbus(JWSAlgorithm alg, byte[] secret, JWTClaimsSet claims) throws Exception {
            SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        }

        private JWTClaimsSet.Builder claims() {
            Instant now = clock.instant();
            return new JWTClaimsSet.Builder()
                    .issuer(fake.apiKey())
                    .subject("mallory")
                    .notBeforeTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(600)));
        }

        private byte[] secret() {
            return fake.apiSecret().getBytes(StandardCharsets.UTF_8);
        }

        @Test
        void aTokenSignedWithAnotherSecretIsRefused() throws Exception {
            byte[] other = "another-secret-that-is-long-enough-for-hs256!".getBytes(StandardCharsets.UTF_8);
            assertThat(rejection(nimbus(JWSAlgorithm.HS256, other, claims().build())))
                    .isEqualTo(TokenRejectedException.Reason.BAD_SIGNATURE);
        }

        @Test
        void aTokenWithAlgNoneIsRefused() {
            String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
            String payload = valid.split("\\.")[1];
            assertThat(rejection(header + "." + payload + "."))
                    .isEqualTo(TokenRejectedException.Reason.ALG_NOT_ALLOWED);
        }

        @Test
        void hs512IsRefusedBeforeAnyMac() throws Exception {
            byte[] longSecret = (fake.apiSecret() + fake.apiSecret()).getBytes(StandardCharsets.UTF_8);
            String token = nimbus(JWSAlgorithm.HS512, longSecret, claims().build());
            assertThat(rejection(token)).isEqualTo(TokenRejectedException.Reason.ALG_NOT_ALLOWED);
        }

        @Test
        void aChangedPayloadIsRefused() throws Exception {
            String[] parts = valid.split("\\.");
            String original = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            String payload = original.replace("SPEAKER", "MODERATOR");
            assertThat(payload).isNotEqualTo(original);
            assertThat(rejection(parts[0] + "." + b64(payload) + "." + parts[2]))
                    .isEqualTo(TokenRejectedException.Reason.BAD_SIGNATURE);
        }

        @Test
        void anExpiredTokenIsRefusedAfterTheClockSkew() {
            clock.advance(Duration.ofHours(2).plusSeconds(59));
            assertThat(tokens.verify(valid).identity())
                    .as("inside the 60 s skew")
                    .startsWith("alice-");
            clock.advance(Duration.ofSeconds(2));
            assertThat(rejection(valid)).isEqualTo(TokenRejectedException.Reason.EXPIRED);
        }

        @Test
        void aTokenNotYetValidIsRefused() throws Exception {
            Instant later = clock.instant().plusSeconds(120);
            String token = nimbus(
                    JWSAlgorithm.HS256,
                    secret(),
                    claims().notBeforeTime(Date.from(later)).build());
            assertThat(rejection(token)).isEqualTo(TokenRejectedException.Reason.NOT_YET_VALID);
        }

        @Test
        void aTokenWithoutExpIsRefused() throws Exception {
            String token = nimbus(
                    JWSAlgorithm.HS256, secret(), claims().expirationTime(null).build());
            assertThat(rejection(token)).isEqualTo(TokenRejectedException.Reason.MISSING_EXP);
        }

        @Test
        void aTokenOfAnotherIssuerIsRefused() throws Exception {
            String token = nimbus(
                    JWSAlgorithm.HS256,
                    secret(),
                    claims().issuer("someone-else").build());
            assertThat(rejection(token)).isEqualTo(TokenRejectedException.Reason.WRONG_ISSUER);
        }

        @ParameterizedTest
        @ValueSource(strings = {"garbage", "a.b", "a.b.c.d", "!!!.???.###"})
        void malformedTokensAreRefused(String token) {
            assertThat(rejection(token)).isEqualTo(TokenRejectedException.Reason.MALFORMED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "\t"})
        void noTokenIsMissingToken(String token) {
            assertThat(rejection(token)).isEqualTo(TokenRejectedException.Reason.MISSING_TOKEN);
        }

        private static String b64(String json) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        }
    }
}
