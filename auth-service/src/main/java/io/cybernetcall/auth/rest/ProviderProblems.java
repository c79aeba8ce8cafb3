package io.cybernetcall.auth.rest;

import io.cybernetcall.auth.service.AuthProblem;
import io.cybernetcall.platform.problem.ProblemMappers;
import io.quarkus.oidc.OIDCException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The identity provider does not answer while a token of it is checked (its discovery document or
 * keys are out of reach): a clear, retryable 503, never an internal error. Only the single sign-on
 * paths use the provider; everything else goes on.
 */
public class ProviderProblems {

  @ServerExceptionMapper
  public Response providerUnavailable(OIDCException e) {
    return ProblemMappers.response(
        AuthProblem.PROVIDER_UNAVAILABLE,
        "The identity provider does not answer; try again in a moment.",
        null,
        List.of(),
        Duration.ofSeconds(5));
  }
}
