package io.cybernetcall.signaling.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybernetcall.contracts.signaling.ErrorCodes;
import io.cybernetcall.contracts.signaling.FrameTypes;
import io.cybernetcall.signaling.protocol.FrameException;
import io.cybernetcall.signaling.protocol.FrameParser;
import io.cybernetcall.signaling.protocol.InboundFrame;
import io.cybernetcall.signaling.protocol.Sender;
import io.cybernetcall.signaling.service.SignalingService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * {@code POST /api/signals}: the WebSocket's send path over HTTP, for networks that block
 * WebSockets. The body is exactly a peer frame of the WebSocket protocol; validation,
 * authorization, call state and limits are the same code.
 */
@Path("/api/signals")
@Authenticated
public class SignalResource {

  /** Over HTTP only peer frames make sense; control frames belong to a socket. */
  private final SignalingService service;

  private final FrameParser parser;
  private final SecurityIdentity identity;
  private final HttpSenderLimits limits;

  public SignalResource(
      SignalingService service,
      FrameParser parser,
      SecurityIdentity identity,
      HttpSenderLimits limits) {
    this.service = service;
    this.parser = parser;
    this.identity = identity;
    this.limits = limits;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Response> send(ObjectNode body) {
    if (body == null) {
      throw new FrameException(ErrorCodes.MALFORMED_JSON, "A JSON frame is required.");
    }
    InboundFrame frame =
        parser.parse(body, body.hasNonNull("ref") ? body.get("ref").asText() : null);
    if (FrameTypes.CONNECTION_CONTROL.contains(frame.type())) {
      throw new FrameException(
          ErrorCodes.UNKNOWN_TYPE,
          "'" + frame.type() + "' frames are only for WebSocket connections.");
    }
    Sender sender = HttpSenders.of(identity);
    limits.acquire(sender.userId());
    return service
        .route(sender, frame)
        .map(
            delivered ->
                Response.accepted(Map.of("id", delivered.signalId(), "seq", delivered.seq()))
                    .build());
  }
}
