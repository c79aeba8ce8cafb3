package io.cybernetcall.signalstore.rest;

import io.cybernetcall.platform.problem.CommonProblem;
import io.cybernetcall.platform.problem.ProblemException;
import io.cybernetcall.signalstore.config.SignalStoreConfig;
import io.cybernetcall.signalstore.service.InboxPage;
import io.cybernetcall.signalstore.service.InboxProblem;
import io.cybernetcall.signalstore.service.InboxService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The authenticated user's inbox over HTTP: what a client without a WebSocket receives through, and
 * what a WebSocket client catches up with after a reconnect or a gap.
 */
@Path("/api/inbox")
@Authenticated
public class InboxResource {

  // JSON numbers above this lose precision in browsers.
  private static final long MAX_SEQ = (1L << 53) - 1;

  private final InboxService inbox;
  private final SecurityIdentity identity;
  private final SignalStoreConfig config;

  public InboxResource(InboxService inbox, SecurityIdentity identity, SignalStoreConfig config) {
    this.inbox = inbox;
    this.identity = identity;
    this.config = config;
  }

  /**
   * Signals with a sequence number above {@code after} (default: the acknowledged one), oldest
   * first, at most {@code limit}. With {@code wait} seconds (≤ 30) and nothing to return yet, the
   * answer comes as soon as a signal arrives, or empty when the wait is over.
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<String> receive(
      @QueryParam("after") String after,
      @QueryParam("limit") String limit,
      @QueryParam("wait") String wait) {
    Long afterSeq = after == null ? null : number("after", after, 0, MAX_SEQ);
    int pageSize =
        limit == null
            ? config.inbox().defaultPageSize()
            : (int) number("limit", limit, 1, config.inbox().maxPageSize());
    long waitSeconds =
        wait == null ? 0 : number("wait", wait, 0, config.inbox().maxWait().toSeconds());
    return inbox
        .receive(userId(), afterSeq, pageSize, Duration.ofSeconds(waitSeconds))
        .map(InboxPage::toJson);
  }

  /** Acknowledges every signal up to {@code seq}; the acknowledged sequence never goes down. */
  @POST
  @Path("/ack")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Map<String, Long>> acknowledge(AckRequest request) {
    if (request == null || request.seq() == null) {
      throw new ProblemException(
          InboxProblem.INVALID_PARAMETER, "The body must be {\"seq\": <integer ≥ 0>}.");
    }
    if (request.seq() < 0 || request.seq() > MAX_SEQ) {
      throw new ProblemException(
          InboxProblem.INVALID_PARAMETER, "seq must be between 0 and " + MAX_SEQ + ".");
    }
    return inbox.acknowledge(userId(), request.seq()).map(acked -> Map.of("ackedSeq", acked));
  }

  private UUID userId() {
    try {
      return UUID.fromString(identity.getPrincipal().getName());
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          CommonProblem.UNSUPPORTED_SUBJECT, "The token's subject is not a Cybernet Call user id.");
    }
  }

  private static long number(String name, String value, long min, long max) {
    long parsed;
    try {
      parsed = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ProblemException(InboxProblem.INVALID_PARAMETER, name + " must be an integer.");
    }
    if (parsed < min || parsed > max) {
      throw new ProblemException(
          InboxProblem.INVALID_PARAMETER, name + " must be between " + min + " and " + max + ".");
    }
    return parsed;
  }
}
