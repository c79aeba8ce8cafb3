package io.cybernetcall.auth.rest;

import io.cybernetcall.platform.problem.CommonProblem;
import io.cybernetcall.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller's user id, taken from the verified token's subject and nowhere else. */
@ApplicationScoped
public class CurrentUser {

  // A request-scoped proxy: each call reads the token of the request being served.
  private final JsonWebToken token;

  public CurrentUser(JsonWebToken token) {
    this.token = token;
  }

  public UUID id() {
    try {
      return UUID.fromString(token.getSubject());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ProblemException(CommonProblem.UNAUTHENTICATED, "The token has no usable subject.");
    }
  }
}
