package io.cybernetcall.signaling.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.cybernetcall.contracts.signaling.ErrorCodes;
import io.cybernetcall.signaling.service.FrameException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * RFC 9457 problem+json for the HTTP transport. The problem {@code type} ends with the same code
 * the WebSocket's error frame would carry, so a client handles both alike.
 */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  private static final String TYPE_PREFIX = "urn:cybernet-call:problem:";

  @ServerExceptionMapper
  public Response frame(FrameException e) {
    int status =
        switch (e.code()) {
          case ErrorCodes.NOT_A_CONTACT, ErrorCodes.NOT_A_PARTICIPANT -> 403;
          case ErrorCodes.CALL_NOT_FOUND -> 404;
          case ErrorCodes.INVALID_STATE, ErrorCodes.CALL_EXISTS -> 409;
          case ErrorCodes.RATE_LIMITED -> 429;
          case ErrorCodes.UNAVAILABLE -> 503;
          default -> 400;
        };
    Response.ResponseBuilder response = problem(status, e.code(), e.getMessage(), e.ref());
    if (status == 429) {
      response.header("Retry-After", 1);
    }
    return response.build();
  }

  @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
  public Response json(JsonProcessingException e) {
    return problem(400, ErrorCodes.MALFORMED_JSON, e.getOriginalMessage(), null).build();
  }

  @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
  public Response unauthenticated(RuntimeException e) {
    return problem(401, "unauthenticated", "A valid bearer access token is required.", null)
        .header("WWW-Authenticate", "Bearer")
        .build();
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    if (e.getCause() instanceof JsonProcessingException json) {
      return json(json);
    }
    int status = e.getResponse().getStatus();
    return problem(status, status == 404 ? "not-found" : "http-" + status, "Request refused.", null)
        .build();
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    LOG.error("Unexpected failure", e);
    return problem(500, "internal", "Something went wrong on our side.", null).build();
  }

  private static Response.ResponseBuilder problem(
      int status, String code, String detail, String ref) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_PREFIX + code);
    body.put("title", code);
    body.put("status", status);
    body.put("detail", detail);
    if (ref != null) {
      body.put("ref", ref);
    }
    return Response.status(status).type("application/problem+json").entity(body);
  }
}
