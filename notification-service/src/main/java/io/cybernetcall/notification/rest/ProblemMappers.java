package io.cybernetcall.notification.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** RFC 9457 problem+json for every refusal; the {@code type} ends with a stable code. */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  private static final String TYPE_PREFIX = "urn:cybernet-call:problem:";

  @ServerExceptionMapper
  public Response problem(NotificationProblem e) {
    return problem(e.status(), e.code(), e.getMessage()).build();
  }

  @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
  public Response json(JsonProcessingException e) {
    return problem(400, "malformed-json", e.getOriginalMessage()).build();
  }

  @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
  public Response unauthenticated(RuntimeException e) {
    return problem(401, "unauthenticated", "A valid bearer access token is required.")
        .header("WWW-Authenticate", "Bearer")
        .build();
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    if (e.getCause() instanceof JsonProcessingException json) {
      return json(json);
    }
    int status = e.getResponse().getStatus();
    String code =
        switch (status) {
          case 404 -> "not-found";
          case 405 -> "method-not-allowed";
          case 415 -> "unsupported-media-type";
          default -> "http-" + status;
        };
    return problem(status, code, "Request refused.").build();
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    LOG.error("Unexpected failure", e);
    return problem(500, "internal", "Something went wrong on our side.").build();
  }

  private static Response.ResponseBuilder problem(int status, String code, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_PREFIX + code);
    body.put("title", code);
    body.put("status", status);
    body.put("detail", detail);
    return Response.status(status).type("application/problem+json").entity(body);
  }
}
