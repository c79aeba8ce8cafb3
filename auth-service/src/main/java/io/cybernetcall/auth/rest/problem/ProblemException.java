package io.cybernetcall.auth.rest.problem;

import java.time.Duration;
import java.util.List;

/** Thrown by services for an expected failure; turned into a problem+json response. */
public class ProblemException extends RuntimeException {

  private final ProblemType type;
  private final List<Problem.FieldError> errors;
  private final Duration retryAfter;

  public ProblemException(ProblemType type, String detail) {
    this(type, detail, List.of(), null);
  }

  public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors) {
    this(type, detail, errors, null);
  }

  private ProblemException(
      ProblemType type, String detail, List<Problem.FieldError> errors, Duration retryAfter) {
    super(detail, null, false, false);
    this.type = type;
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
  }

  /** A 429 or 503 that tells the client when to come back. */
  public static ProblemException retryAfter(ProblemType type, String detail, Duration retryAfter) {
    return new ProblemException(type, detail, List.of(), retryAfter);
  }

  public ProblemType type() {
    return type;
  }

  public List<Problem.FieldError> errors() {
    return errors;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  public Problem toProblem() {
    return Problem.of(type, getMessage(), errors);
  }
}
