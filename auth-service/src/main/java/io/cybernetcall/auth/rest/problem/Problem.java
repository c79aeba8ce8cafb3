package io.cybernetcall.auth.rest.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem details body. {@code type} is stable per kind of problem so clients can
 * branch on it; {@code detail} is for humans.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, List<FieldError> errors) {

  /** Media type of problem bodies. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private static final String TYPE_PREFIX = "urn:cybernet-call:problem:";

  public static Problem of(ProblemType type, String detail) {
    return new Problem(TYPE_PREFIX + type.slug(), type.title(), type.status(), detail, null);
  }

  public static Problem of(ProblemType type, String detail, List<FieldError> errors) {
    return new Problem(
        TYPE_PREFIX + type.slug(),
        type.title(),
        type.status(),
        detail,
        errors.isEmpty() ? null : errors);
  }

  /** The same problem with the HTTP status actually returned (for mapped framework errors). */
  public Problem withStatus(int actualStatus) {
    return new Problem(type, title, actualStatus, detail, errors);
  }

  /** One invalid input field and why. */
  public record FieldError(String field, String message) {}
}
