package io.cybernetcall.signaling.rest;

import io.cybernetcall.contracts.signaling.ErrorCodes;
import io.cybernetcall.signaling.protocol.FrameException;
import io.cybernetcall.signaling.protocol.Sender;
import io.cybernetcall.signaling.service.SignalingService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/signals/replay?after=N}: the WebSocket's {@code resume} over HTTP. A client that
 * falls back to long-polling reads here what its dead socket would have received: ICE candidates to
 * a user on WebSockets only are kept in the replay buffer and never reach the signal store.
 */
@Path("/api/signals/replay")
@Authenticated
public class ReplayResource {

  private final SignalingService service;
  private final SecurityIdentity identity;
  private final HttpSenderLimits limits;

  public ReplayResource(
      SignalingService service, SecurityIdentity identity, HttpSenderLimits limits) {
    this.service = service;
    this.identity = identity;
    this.limits = limits;
  }

  /** The kept signals after {@code after}, oldest first, as {@code resume} sends them. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<String> replay(@QueryParam("after") String after) {
    long from = parseAfter(after);
    Sender sender = HttpSenders.of(identity);
    limits.acquire(sender.userId());
    return service
        .replay(sender.userId(), from)
        .map(
            replay ->
                "{\"signals\":["
                    + String.join(",", replay.frames())
                    + "],\"lastSeq\":"
                    + replay.lastSeq()
                    + ",\"truncated\":"
                    + replay.truncated()
                    + "}");
  }

  private static long parseAfter(String after) {
    try {
      long value = Long.parseLong(after == null ? "" : after);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below, as a negative number is
    }
    throw new FrameException(
        ErrorCodes.INVALID_FRAME, "'after' must be a sequence number (an integer ≥ 0).");
  }
}
