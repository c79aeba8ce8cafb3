package io.cybernetcall.platform.problem;

import java.time.Duration;
import java.util.List;

/**
 * An expected refusal, thrown by a service with the kind of problem it is; {@code ProblemMappers}
 * turns it into problem+json. It carries no stack trace: it is an answer, not a fault.
 */
public class ProblemException extends RuntimeException {

  private final ProblemType kind;
  private final List<Problem.FieldError> errors;
  private final Duration retryAfter;

  public ProblemException(ProblemType kind, String detail) {
    this(kind, detail, List.of(), null);
  }

  public ProblemException(ProblemType kind, String detail, List<Problem.FieldError> errors) {
    this(kind, detail, errors, null);
  }

  protected ProblemException(
      ProblemType kind, String detail, List<Problem.FieldError> errors, Duration retryAfter) {
    super(detail, null, false, false);
    this.kind = kind;
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
  }

  /** A 429 or 503 that tells the client when to come back. */
  public static ProblemException retryAfter(ProblemType kind, String detail, Duration retryAfter) {
    return new ProblemException(kind, detail, List.of(), retryAfter);
  }

  public ProblemType kind() {
    return kind;
  }

  public List<Problem.FieldError> errors() {
    return errors;
  }

  /** When the client may retry, or {@code null}. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The {@code ref} the client gave the refused request, or {@code null}. */
  public String ref() {
    return null;
  }
}
