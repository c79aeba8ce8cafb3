package io.cybernetcall.signaling.rest;

import io.cybernetcall.signaling.protocol.Sender;
import io.cybernetcall.signaling.service.SignalingService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/welcome}: the WebSocket's {@code welcome} frame over HTTP (ICE servers with TURN
 * credentials, presence snapshot, last sequence number) for a client that receives by long-poll.
 */
@Path("/api/welcome")
@Authenticated
public class WelcomeResource {

  private final SignalingService service;
  private final SecurityIdentity identity;
  private final HttpSenderLimits limits;

  public WelcomeResource(
      SignalingService service, SecurityIdentity identity, HttpSenderLimits limits) {
    this.service = service;
    this.identity = identity;
    this.limits = limits;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<String> welcome() {
    Sender sender = HttpSenders.of(identity);
    limits.acquire(sender.userId());
    return service.httpWelcome(sender);
  }
}
