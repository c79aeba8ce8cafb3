package io.cybernetcall.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem details body. {@code type} is stable per kind of problem so clients branch on
 * it; {@code detail} is for people; {@code ref} names the client's request (a WebSocket frame's
 * ref, where the HTTP transport carries one); {@code errors} lists invalid fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String ref, List<FieldError> errors) {

  /** Media type of problem bodies. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** Every problem type is this prefix plus the kind's code. */
  public static final String TYPE_PREFIX = "urn:cybernet-call:problem:";

  public static Problem of(ProblemType kind, String detail) {
    return of(kind, kind.status(), detail, null, List.of());
  }

  public static Problem of(
      ProblemType kind, int status, String detail, String ref, List<FieldError> errors) {
    return new Problem(
        TYPE_PREFIX + kind.code(),
        kind.title(),
        status,
        detail,
        ref,
        errors == null || errors.isEmpty() ? null : List.copyOf(errors));
  }

  /** One invalid input field and why. */
  public record FieldError(String field, String message) {}
}
