package io.meetkit.testkit.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import livekit.LivekitEgress.ListEgressRequest;
import livekit.LivekitEgress.ListEgressResponse;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitEgress.StopEgressRequest;
import livekit.LivekitEgress.UpdateLayoutRequest;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.DeleteRoomRequest;
import livekit.LivekitRoom.DeleteRoomResponse;
import livekit.LivekitRoom.ListParticipantsRequest;
import livekit.LivekitRoom.ListParticipantsResponse;
import livekit.LivekitRoom.ListRoomsRequest;
import livekit.LivekitRoom.ListRoomsResponse;
import livekit.LivekitRoom.MuteRoomTrackRequest;
import livekit.LivekitRoom.MuteRoomTrackResponse;
import livekit.LivekitRoom.RemoveParticipantResponse;
import livekit.LivekitRoom.RoomParticipantIdentity;
import livekit.LivekitRoom.SendDataRequest;
import livekit.LivekitRoom.SendDataResponse;
import livekit.LivekitRoom.UpdateParticipantRequest;
import livekit.LivekitRoom.UpdateRoomMetadataRequest;
import livekit.LivekitRoom.UpdateSubscriptionsRequest;
import livekit.LivekitRoom.UpdateSubscriptionsResponse;
import livekit.LivekitWebhook.WebhookEvent;

/**
 * The RPCs of {@code livekit.RoomService} and {@code livekit.Egress} the fake serves, with the grant LiveKit checks
 * for each ({@code pkg/service/roomservice.go}, {@code egress.go}). Stateless apart from the objects it is given.
 */
public final class LiveKitRoutes {

    /** Twirp service name of the room service. */
    public static final String ROOM_SERVICE = "livekit.RoomService";
    /** Twirp service name of the egress service. */
    public static final String EGRESS_SERVICE = "livekit.Egress";

    private LiveKitRoutes() {}

    /**
     * Builds the route table.
     *
     * @param state     the rooms and egresses
     * @param egress    the egress simulator
     * @param publisher publishes webhook events (called after the state lock is released, before the answer)
     * @return routes keyed by {@code <service>/<method>}
     */
    public static Map<String, TwirpHttpHandler.Route> create(
            LiveKitState state, EgressSimulator egress, Consumer<List<WebhookEvent>> publisher) {
        Map<String, TwirpHttpHandler.Route> r = new HashMap<>();

        room(r, "CreateRoom", CreateRoomRequest.getDefaultInstance(), (m, g) -> {
            CreateRoomRequest req = (CreateRoomRequest) m;
            g.requireCreate();
            List<WebhookEvent> events = new ArrayList<>();
            var room = state.createRoom(req, events);
            publisher.accept(events);
            return room;
        });
        room(r, "ListRooms", ListRoomsRequest.getDefaultInstance(), (m, g) -> {
            g.requireList();
            return ListRoomsResponse.newBuilder()
                    .addAllRooms(state.listRooms(((ListRoomsRequest) m).getNamesList()))
                    .build();
        });
        room(r, "DeleteRoom", DeleteRoomRequest.getDefaultInstance(), (m, g) -> {
            g.requireCreate();
            List<WebhookEvent> events = new ArrayList<>();
            List<String> running = state.deleteRoom(((DeleteRoomRequest) m).getRoom(), events);
            publisher.accept(events);
            egress.roomClosed(running);
            return DeleteRoomResponse.getDefaultInstance();
        });
        room(r, "ListParticipants", ListParticipantsRequest.getDefaultInstance(), (m, g) -> {
            String room = ((ListParticipantsRequest) m).getRoom();
            g.requireAdmin(room);
            return ListParticipantsResponse.newBuilder()
                    .addAllParticipants(state.listParticipants(room))
                    .build();
        });
        room(r, "GetParticipant", RoomParticipantIdentity.getDefaultInstance(), (m, g) -> {
            RoomParticipantIdentity req = (RoomParticipantIdentity) m;
            g.requireAdmin(req.getRoom());
            return state.getParticipant(req.getRoom(), req.getIdentity());
        });
        room(r, "RemoveParticipant", RoomParticipantIdentity.getDefaultInstance(), (m, g) -> {
            RoomParticipantIdentity req = (RoomParticipantIdentity) m;
            g.requireAdmin(req.getRoom());
            List<WebhookEvent> events = new ArrayList<>();
            List<String> running = state.removeParticipant(req.getRoom(), req.getIdentity(), events);
            publisher.accept(events);
            egress.roomClosed(running);
            return RemoveParticipantResponse.getDefaultInstance();
        });
        room(r, "MutePublishedTrack", MuteRoomTrackRequest.getDefaultInstance(), (m, g) -> {
            MuteRoomTrackRequest req = (MuteRoomTrackRequest) m;
            g.requireAdmin(req.getRoom());
            var track = state.mute(
                    req.getRoom(), req.getIdentity(), req.getTrackSid(), req.getMuted(), state.remoteUnmute());
            MuteRoomTrackResponse.Builder res = MuteRoomTrackResponse.newBuilder();
            if (track != null) {
                res.setTrack(track);
            }
            return res.build();
        });
        room(r, "UpdateParticipant", UpdateParticipantRequest.getDefaultInstance(), (m, g) -> {
            UpdateParticipantRequest req = (UpdateParticipantRequest) m;
            g.requireAdmin(req.getRoom());
            return state.updateParticipant(req);
        });
        room(r, "UpdateSubscriptions", UpdateSubscriptionsRequest.getDefaultInstance(), (m, g) -> {
            UpdateSubscriptionsRequest req = (UpdateSubscriptionsRequest) m;
            g.requireAdmin(req.getRoom());
            state.updateSubscriptions(req.getRoom(), req.getIdentity());
            return UpdateSubscriptionsResponse.getDefaultInstance();
        });
        room(r, "SendData", SendDataRequest.getDefaultInstance(), (m, g) -> {
            SendDataRequest req = (SendDataRequest) m;
            g.requireAdmin(req.getRoom());
            state.sendData(req);
            return SendDataResponse.getDefaultInstance();
        });
        room(r, "UpdateRoomMetadata", UpdateRoomMetadataRequest.getDefaultInstance(), (m, g) -> {
            UpdateRoomMetadataRequest req = (UpdateRoomMetadataRequest) m;
            g.requireAdmin(req.getRoom());
            return state.updateRoomMetadata(req.getRoom(), req.getMetadata());
        });

        egress(r, "StartRoomCompositeEgress", RoomCompositeEgressRequest.getDefaultInstance(), (m, g) -> {
            g.requireRecord();
            return egress.start((RoomCompositeEgressRequest) m);
        });
        egress(r, "StopEgress", StopEgressRequest.getDefaultInstance(), (m, g) -> {
            g.requireRecord();
            return egress.stop(((StopEgressRequest) m).getEgressId());
        });
        egress(r, "ListEgress", ListEgressRequest.getDefaultInstance(), (m, g) -> {
            g.requireRecord();
            ListEgressRequest req = (ListEgressRequest) m;
            return ListEgressResponse.newBuilder()
                    .addAllItems(state.listEgress(req.getRoomName(), req.getEgressId(), req.getActive()))
                    .build();
        });
        egress(r, "UpdateLayout", UpdateLayoutRequest.getDefaultInstance(), (m, g) -> {
            g.requireRecord();
            UpdateLayoutRequest req = (UpdateLayoutRequest) m;
            return state.updateLayout(req.getEgressId(), req.getLayout());
        });
        return r;
    }

    private static void room(
            Map<String, TwirpHttpHandler.Route> r,
            String method,
            com.google.protobuf.Message prototype,
            TwirpHttpHandler.Rpc rpc) {
        r.put(ROOM_SERVICE + "/" + method, new TwirpHttpHandler.Route(prototype, rpc));
    }

    private static void egress(
            Map<String, TwirpHttpHandler.Route> r,
            String method,
            com.google.protobuf.Message prototype,
            TwirpHttpHandler.Rpc rpc) {
        r.put(EGRESS_SERVICE + "/" + method, new TwirpHttpHandler.Route(prototype, rpc));
    }
}
