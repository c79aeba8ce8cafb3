package io.cybernetcall.platform.problem;

/** The problems every service can answer with, whatever its domain. */
public final class CommonProblem {

  public static final ProblemType VALIDATION =
      new ProblemType("validation", "Invalid request", 400);
  public static final ProblemType MALFORMED_JSON =
      new ProblemType("malformed-json", "Malformed JSON body", 400);
  public static final ProblemType UNAUTHENTICATED =
      new ProblemType("unauthenticated", "Authentication required", 401);
  public static final ProblemType FORBIDDEN = new ProblemType("forbidden", "Forbidden", 403);
  public static final ProblemType UNSUPPORTED_SUBJECT =
      new ProblemType("unsupported-subject", "Unsupported token subject", 403);
  public static final ProblemType NOT_FOUND = new ProblemType("not-found", "Not found", 404);
  public static final ProblemType METHOD_NOT_ALLOWED =
      new ProblemType("method-not-allowed", "Method not allowed", 405);
  public static final ProblemType NOT_ACCEPTABLE =
      new ProblemType("not-acceptable", "Not acceptable", 406);
  public static final ProblemType PAYLOAD_TOO_LARGE =
      new ProblemType("payload-too-large", "Request body too large", 413);
  public static final ProblemType UNSUPPORTED_MEDIA_TYPE =
      new ProblemType("unsupported-media-type", "Unsupported media type", 415);
  public static final ProblemType INTERNAL = new ProblemType("internal", "Internal error", 500);
  public static final ProblemType UNAVAILABLE =
      new ProblemType("unavailable", "Service temporarily unavailable", 503);

  private CommonProblem() {}

  /** The common kind for an HTTP status the framework refused a request with. */
  public static ProblemType forStatus(int status) {
    return switch (status) {
      case 401 -> UNAUTHENTICATED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 406 -> NOT_ACCEPTABLE;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 503 -> UNAVAILABLE;
      default -> status >= 500 ? INTERNAL : VALIDATION;
    };
  }
}
