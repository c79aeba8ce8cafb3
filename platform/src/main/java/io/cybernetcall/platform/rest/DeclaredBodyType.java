package io.cybernetcall.platform.rest;

import io.cybernetcall.platform.problem.CommonProblem;
import io.cybernetcall.platform.problem.ProblemMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request that carries a body must say what it is. Without this, a body with no Content-Type is
 * read as JSON, and a browser sends exactly such a body cross-site without a CORS preflight: a page
 * on any origin could post signals, acknowledgements or preferences with a victim's cookie or
 * token. Answered with 415 before any resource sees it, in every service.
 */
public class DeclaredBodyType {

  @ServerRequestFilter(preMatching = true)
  public Response requireContentType(ContainerRequestContext request) {
    if (!hasBody(request) || request.getHeaderString(HttpHeaders.CONTENT_TYPE) != null) {
      return null;
    }
    return ProblemMappers.response(
        CommonProblem.UNSUPPORTED_MEDIA_TYPE,
        "A request body needs a Content-Type, such as application/json.",
        null,
        List.of(),
        null);
  }

  private static boolean hasBody(ContainerRequestContext request) {
    String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        return Long.parseLong(length.trim()) > 0;
      } catch (NumberFormatException e) {
        return true;
      }
    }
    return request.getHeaderString("Transfer-Encoding") != null;
  }
}
