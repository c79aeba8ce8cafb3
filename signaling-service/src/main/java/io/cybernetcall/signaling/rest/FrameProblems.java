package io.cybernetcall.signaling.rest;

import io.cybernetcall.contracts.signaling.ErrorCodes;
import io.cybernetcall.platform.problem.ProblemMappers;
import io.cybernetcall.platform.problem.ProblemType;
import io.cybernetcall.signaling.protocol.FrameException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A refused frame sent over HTTP, as problem+json: the problem {@code type} ends with the same code
 * the WebSocket's error frame would carry, and {@code ref} is the frame's, so a client handles both
 * transports alike. Every other failure is mapped by the platform's {@link ProblemMappers}.
 */
public class FrameProblems {

  private static final Duration RATE_LIMIT_RETRY = Duration.ofSeconds(1);

  @ServerExceptionMapper
  public Response frame(FrameException e) {
    ProblemType kind = new ProblemType(e.code(), e.code(), statusOf(e.code()));
    return ProblemMappers.response(
        kind,
        e.getMessage(),
        e.ref(),
        List.of(),
        kind.status() == 429 || kind.status() == 503 ? RATE_LIMIT_RETRY : null);
  }

  static int statusOf(String code) {
    return switch (code) {
      case ErrorCodes.NOT_A_CONTACT, ErrorCodes.NOT_A_PARTICIPANT -> 403;
      case ErrorCodes.CALL_NOT_FOUND -> 404;
      case ErrorCodes.INVALID_STATE, ErrorCodes.CALL_EXISTS, ErrorCodes.ANSWERED_ELSEWHERE -> 409;
      case ErrorCodes.RATE_LIMITED -> 429;
      case ErrorCodes.UNAVAILABLE -> 503;
      default -> 400;
    };
  }
}
