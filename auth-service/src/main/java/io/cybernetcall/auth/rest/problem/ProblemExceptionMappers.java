package io.cybernetcall.auth.rest.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure to RFC 9457 problem+json. Internal errors are logged here and reach the client
 * only as a generic message: no stack traces or class names leave the service.
 */
public class ProblemExceptionMappers {

  private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    Response.ResponseBuilder builder = build(e.toProblem());
    if (e.retryAfter() != null) {
      builder.header("Retry-After", Math.max(1, (e.retryAfter().toMillis() + 999) / 1000));
    }
    return builder.build();
  }

  @ServerExceptionMapper
  public Response validation(ConstraintViolationException e) {
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    return build(Problem.of(ProblemType.VALIDATION, "The request has invalid fields.", errors))
        .build();
  }

  // Listed explicitly: quarkus-rest-jackson ships its own mapper for this subtype.
  @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
  public Response malformedJson(JsonProcessingException e) {
    // The parser's own message names the offending token and position, which helps clients and
    // reveals nothing internal; strip the source location Jackson appends.
    String message = e.getOriginalMessage();
    return build(Problem.of(ProblemType.MALFORMED_JSON, message)).build();
  }

  @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
  public Response unauthenticated(RuntimeException e) {
    return build(
            Problem.of(ProblemType.UNAUTHENTICATED, "A valid bearer access token is required."))
        .header("WWW-Authenticate", "Bearer")
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return build(Problem.of(ProblemType.FORBIDDEN, "Not allowed.")).build();
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    if (e.getCause() instanceof JsonProcessingException json) {
      // quarkus-rest wraps body parse failures in a plain 400.
      return malformedJson(json);
    }
    int status = e.getResponse().getStatus();
    ProblemType type =
        switch (status) {
          case 400 -> ProblemType.VALIDATION;
          case 401 -> ProblemType.UNAUTHENTICATED;
          case 403 -> ProblemType.FORBIDDEN;
          case 404 -> ProblemType.NOT_FOUND;
          case 405 -> ProblemType.METHOD_NOT_ALLOWED;
          case 406 -> ProblemType.NOT_ACCEPTABLE;
          case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
          case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
          default -> status >= 500 ? ProblemType.INTERNAL : ProblemType.VALIDATION;
        };
    if (status >= 500) {
      LOG.error("Request failed", e);
    }
    String detail = status == 400 ? "The request could not be read." : type.title() + ".";
    return Response.status(status)
        .type(Problem.MEDIA_TYPE)
        .entity(Problem.of(type, detail).withStatus(status))
        .build();
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    if (dependencyUnreachable(e)) {
      // PostgreSQL or Redis is down: a retry later will work, and readiness already says so.
      LOG.warnf("Dependency unreachable: %s", e.toString());
      return build(
              Problem.of(
                  ProblemType.UNAVAILABLE, "A backing service is unreachable; retry shortly."))
          .header("Retry-After", 5)
          .build();
    }
    LOG.error("Unexpected failure", e);
    return build(Problem.of(ProblemType.INTERNAL, "Something went wrong on our side.")).build();
  }

  private static boolean dependencyUnreachable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.ConnectException
          || cause instanceof java.util.concurrent.TimeoutException
          || cause instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static Response.ResponseBuilder build(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
  }

  private static String fieldName(ConstraintViolation<?> violation) {
    // Paths look like "register.request.password": the last node is what the client sent.
    String path = violation.getPropertyPath().toString();
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }
}
