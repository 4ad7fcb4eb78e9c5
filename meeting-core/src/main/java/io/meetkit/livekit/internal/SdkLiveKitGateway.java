package io.meetkit.livekit.internal;

import io.livekit.server.EgressServiceClient;
import io.livekit.server.RoomServiceClient;
import io.meetkit.NotFoundException;
import io.meetkit.livekit.EgressSnapshot;
import io.meetkit.livekit.LiveKitServerGateway;
import io.meetkit.livekit.LiveRoom;
import io.meetkit.livekit.RoomCompositeRequest;
import io.meetkit.livekit.RoomSpec;
import io.meetkit.meeting.LiveParticipant;
import io.meetkit.meeting.LiveTrack;
import io.meetkit.meeting.ParticipantPermissions;
import io.meetkit.meeting.ParticipantUpdate;
import io.meetkit.recording.EgressS3Upload;
import io.meetkit.rules.InputRules;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import livekit.LivekitEgress;
import livekit.LivekitModels;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import retrofit2.Call;
import retrofit2.Response;

/**
 * {@link LiveKitServerGateway} over the official {@code io.livekit:livekit-server} SDK: Twirp with protobuf bodies and
 * a short-lived, least-grant JWT per call (minted by the SDK). Every call has a timeout; failures become MeetKit's
 * exceptions as {@link io.meetkit.livekit.LiveKitGateway} describes. Built only by {@code MeetKit.liveKitGateway} and
 * {@code MeetKit.build()}. Not API.
 *
 * <p>Thread-safe; it owns its OkHttp client, which {@link #close()} releases.
 */
public final class SdkLiveKitGateway implements LiveKitServerGateway {

    private final String url;
    private final RoomServiceClient rooms;
    private final EgressServiceClient egress;
    private final OkHttpClient http;

    private SdkLiveKitGateway(String url, String apiKey, String apiSecret, OkHttpClient http) {
        this.url = url;
        this.http = http;
        this.rooms = RoomServiceClient.Companion.createClient(url, apiKey, apiSecret, () -> http);
        this.egress = EgressServiceClient.Companion.createClient(url, apiKey, apiSecret, () -> http);
    }

    /**
     * Creates a gateway with its own HTTP client.
     *
     * @param url the LiveKit URL; {@code ws://} and {@code wss://} are turned into {@code http://} and {@code https://}
     * @param apiKey the API key
     * @param apiSecret the API secret
     * @param callTimeout the limit of each call, connection included
     * @return the gateway, to be closed when done
     * @throws IllegalArgumentException if the URL is not http, https, ws or wss, the key or secret is blank, or the
     *     timeout is not positive
     */
    public static SdkLiveKitGateway create(String url, String apiKey, String apiSecret, Duration callTimeout) {
        String api = LiveKitServerGateway.apiUrl(url);
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(apiSecret, "apiSecret");
        if (apiKey.isBlank() || apiSecret.isBlank()) {
            throw new IllegalArgumentException("LiveKit API key and secret must not be blank");
        }
        InputRules.positive(callTimeout, "callTimeout");
        OkHttpClient http = new OkHttpClient.Builder()
                .callTimeout(callTimeout)
                .connectTimeout(callTimeout)
                .readTimeout(callTimeout)
                .writeTimeout(callTimeout)
                .retryOnConnectionFailure(false)
                .build();
        return new SdkLiveKitGateway(api, apiKey.strip(), apiSecret, http);
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public LiveRoom createRoom(RoomSpec spec) {
        Objects.requireNonNull(spec, "spec");
        LivekitModels.Room room = execute(
                "CreateRoom",
                rooms.createRoom(
                        spec.name(),
                        Math.toIntExact(spec.emptyTimeout().getSeconds()),
                        spec.maxParticipants(),
                        null,
                        spec.metadata(),
                        null,
                        null,
                        null,
                        spec.departureTimeout().isZero()
                                ? null
                                : Math.toIntExact(spec.departureTimeout().getSeconds())));
        return ProtoConverters.room(room);
    }

    @Override
    public List<LiveRoom> listRooms(Collection<String> names) {
        List<LivekitModels.Room> list = execute("ListRooms", rooms.listRooms(List.copyOf(names)));
        List<LiveRoom> result = new ArrayList<>(list.size());
        for (LivekitModels.Room r : list) {
            result.add(ProtoConverters.room(r));
        }
        return result;
    }

    @Override
    public void deleteRoom(String room) {
        executeVoid("DeleteRoom", rooms.deleteRoom(room));
    }

    @Override
    public List<LiveParticipant> listParticipants(String room) {
        List<LivekitModels.ParticipantInfo> list = execute("ListParticipants", rooms.listParticipants(room));
        List<LiveParticipant> result = new ArrayList<>(list.size());
        for (LivekitModels.ParticipantInfo p : list) {
            result.add(ProtoConverters.participant(p));
        }
        return result;
    }

    @Override
    public LiveParticipant getParticipant(String room, String identity) {
        return ProtoConverters.participant(execute("GetParticipant", rooms.getParticipant(room, identity)));
    }

    @Override
    public void removeParticipant(String room, String identity) {
        executeVoid("RemoveParticipant", rooms.removeParticipant(room, identity));
    }

    @Override
    public LiveParticipant updateParticipant(String room, String identity, ParticipantUpdate update) {
        Objects.requireNonNull(update, "update");
        ParticipantPermissions p = update.permissions();
        LivekitModels.ParticipantPermission permission = p == null
                ? null
                : LivekitModels.ParticipantPermission.newBuilder()
                        .setCanPublish(p.canPublish())
                        .setCanSubscribe(p.canSubscribe())
                        .setCanPublishData(p.canPublishData())
                        .setCanUpdateMetadata(p.canUpdateMetadata())
                        .setHidden(p.hidden())
                        .addAllCanPublishSources(ProtoConverters.sources(p.canPublishSources()))
                        .build();
        return ProtoConverters.participant(execute(
                "UpdateParticipant",
                rooms.updateParticipant(
                        room,
                        identity,
                        update.name(),
                        update.metadata(),
                        permission,
                        update.attributes().isEmpty() ? null : update.attributes())));
    }

    @Override
    public LiveTrack mutePublishedTrack(String room, String identity, String trackSid, boolean muted) {
        LivekitModels.TrackInfo track =
                execute("MutePublishedTrack", rooms.mutePublishedTrack(room, identity, trackSid, muted));
        if (track == null || track.getSid().isEmpty()) {
            // LiveKit answers 200 without a track for a sid the participant does not publish
            throw new NotFoundException(
                    NotFoundException.LIVEKIT_NOT_FOUND, "track " + trackSid + " of " + identity + " not found");
        }
        return ProtoConverters.track(track);
    }

    @Override
    public void sendData(
            String room, byte[] payload, Collection<String> destinationIdentities, @Nullable String topic) {
        executeVoid(
                "SendData",
                rooms.sendData(
                        room,
                        payload.clone(),
                        LivekitModels.DataPacket.Kind.RELIABLE,
                        List.of(),
                        List.copyOf(destinationIdentities),
                        topic));
    }

    @Override
    public EgressSnapshot startRoomCompositeEgress(RoomCompositeRequest request) {
        Objects.requireNonNull(request, "request");
        LivekitEgress.EncodedFileOutput.Builder file = LivekitEgress.EncodedFileOutput.newBuilder()
                .setFileType(LivekitEgress.EncodedFileType.MP4)
                .setFilepath(request.filepath())
                .setDisableManifest(true);
        EgressS3Upload upload = request.upload();
        if (upload != null) {
            LivekitEgress.S3Upload.Builder s3 = LivekitEgress.S3Upload.newBuilder()
                    .setBucket(upload.bucket())
                    .setRegion(upload.region())
                    .setForcePathStyle(upload.forcePathStyle());
            if (upload.endpoint() != null) {
                s3.setEndpoint(upload.endpoint().toString());
            }
            if (upload.accessKey() != null && upload.secret() != null) {
                s3.setAccessKey(upload.accessKey()).setSecret(upload.secret());
            }
            if (upload.sessionToken() != null) {
                s3.setSessionToken(upload.sessionToken());
            }
            file.setS3(s3.build());
        }
        LivekitEgress.EncodingOptionsPreset preset =
                LivekitEgress.EncodingOptionsPreset.valueOf(request.encoding().name());
        return ProtoConverters.egress(execute(
                "StartRoomCompositeEgress",
                egress.startRoomCompositeEgress(
                        request.roomName(),
                        file.build(),
                        request.layout().liveKitName(),
                        preset,
                        null,
                        request.audioOnly(),
                        false,
                        "")));
    }

    @Override
    public EgressSnapshot stopEgress(String egressId) {
        Objects.requireNonNull(egressId, "egressId");
        return ProtoConverters.egress(execute("StopEgress", egress.stopEgress(egressId)));
    }

    @Override
    public List<EgressSnapshot> listEgress(@Nullable String roomName, @Nullable String egressId, boolean activeOnly) {
        List<LivekitEgress.EgressInfo> list = execute("ListEgress", egress.listEgress(roomName, egressId, activeOnly));
        List<EgressSnapshot> result = new ArrayList<>(list.size());
        for (LivekitEgress.EgressInfo e : list) {
            result.add(ProtoConverters.egress(e));
        }
        return result;
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "SdkLiveKitGateway{url=" + url + '}';
    }

    private static <T> T execute(String rpc, Call<T> call) {
        Response<T> response = send(rpc, call);
        T body = response.body();
        if (body == null) {
            throw TwirpErrors.fromCode("internal", "LiveKit " + rpc + " answered without a body");
        }
        return body;
    }

    private static void executeVoid(String rpc, Call<?> call) {
        send(rpc, call);
    }

    private static <T> Response<T> send(String rpc, Call<T> call) {
        Response<T> response;
        try {
            response = call.execute();
        } catch (IOException | RuntimeException e) {
            if (e instanceof RuntimeException re && !(re.getCause() instanceof IOException)) {
                throw re;
            }
            throw TwirpErrors.fromIo(rpc, e);
        }
        if (!response.isSuccessful()) {
            throw TwirpErrors.fromResponse(rpc, response.code(), errorBody(response));
        }
        return response;
    }

    private static @Nullable String errorBody(Response<?> response) {
        try (ResponseBody body = response.errorBody()) {
            return body == null ? null : body.string();
        } catch (IOException e) {
            return null;
        }
    }
}
