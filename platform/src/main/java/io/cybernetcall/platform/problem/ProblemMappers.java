package io.cybernetcall.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.cybernetcall.platform.failures.DependencyFailures;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.CharConversionException;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure of every service to RFC 9457 problem+json. Internal errors are logged here and
 * reach the client only as a generic message: no stack trace, class or library name leaves a
 * service. A service adds mappers only for its own exception types, built with {@link #response}.
 */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  private static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(2);

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    return response(e.kind(), e.getMessage(), e.ref(), e.errors(), e.retryAfter());
  }

  // Listed explicitly: quarkus-rest-jackson ships its own mapper for this subtype.
  @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
  public Response malformedJson(JsonProcessingException e) {
    return response(CommonProblem.MALFORMED_JSON, JsonErrors.describe(e), null, List.of(), null);
  }

  /** Bytes the JSON reader cannot decode as text at all (found by fuzzing: it was a 500). */
  @ServerExceptionMapper
  public Response undecodable(CharConversionException e) {
    return response(CommonProblem.MALFORMED_JSON, JsonErrors.describe(e), null, List.of(), null);
  }

  @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
  public Response unauthenticated(RuntimeException e) {
    return Response.fromResponse(
            response(
                CommonProblem.UNAUTHENTICATED,
                "A valid bearer access token is required.",
                null,
                List.of(),
                null))
        .header("WWW-Authenticate", "Bearer")
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return response(CommonProblem.FORBIDDEN, "Not allowed.", null, List.of(), null);
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    if (e.getCause() instanceof JsonProcessingException json) {
      // quarkus-rest wraps body parse failures in a plain 400.
      return malformedJson(json);
    }
    if (e.getCause() instanceof CharConversionException undecodable) {
      return undecodable(undecodable);
    }
    int status = e.getResponse().getStatus();
    ProblemType kind = CommonProblem.forStatus(status);
    if (status >= 500) {
      LOG.error("Request failed", e);
    }
    String detail = status == 400 ? "The request could not be read." : kind.title() + ".";
    return build(Problem.of(kind, status, detail, null, List.of()), null);
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    if (DependencyFailures.isUnavailable(e)) {
      LOG.warnf("Dependency unreachable: %s", e.toString());
      return response(
          CommonProblem.UNAVAILABLE,
          "A backing service is unreachable; retry shortly.",
          null,
          List.of(),
          UNAVAILABLE_RETRY);
    }
    LOG.error("Unexpected failure", e);
    return response(
        CommonProblem.INTERNAL, "Something went wrong on our side.", null, List.of(), null);
  }

  /** The problem+json response for {@code kind}; {@code retryAfter} adds the header. */
  public static Response response(
      ProblemType kind,
      String detail,
      String ref,
      List<Problem.FieldError> errors,
      Duration retryAfter) {
    return build(Problem.of(kind, kind.status(), detail, ref, errors), retryAfter);
  }

  private static Response build(Problem problem, Duration retryAfter) {
    Response.ResponseBuilder builder =
        Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    if (retryAfter != null) {
      builder.header("Retry-After", Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }
    return builder.build();
  }
}
