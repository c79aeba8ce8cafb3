package io.cybernetcall.auth.rest.problem;

/** Every kind of error auth-service returns. The slug is part of the API: never rename one. */
public enum ProblemType {
  VALIDATION("validation", "Invalid request", 400),
  MALFORMED_JSON("malformed-json", "Malformed JSON body", 400),
  WEAK_PASSWORD("weak-password", "Password too weak", 400),
  INVALID_TOKEN("invalid-token", "Invalid or expired token", 400),
  UNAUTHENTICATED("unauthenticated", "Authentication required", 401),
  INVALID_CREDENTIALS("invalid-credentials", "Invalid username or password", 401),
  INVALID_REFRESH_TOKEN("invalid-refresh-token", "Invalid refresh token", 401),
  REFRESH_TOKEN_REUSED("refresh-token-reused", "Refresh token reused; session revoked", 401),
  FORBIDDEN("forbidden", "Forbidden", 403),
  NOT_FOUND("not-found", "Not found", 404),
  METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
  NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
  CONFLICT("conflict", "Conflict", 409),
  USERNAME_TAKEN("username-taken", "Username already registered", 409),
  EMAIL_TAKEN("email-taken", "Email already registered", 409),
  PAYLOAD_TOO_LARGE("payload-too-large", "Request body too large", 413),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
  TOO_MANY_REQUESTS("too-many-requests", "Too many requests", 429),
  INTERNAL("internal", "Internal error", 500),
  UNAVAILABLE("unavailable", "Service temporarily unavailable", 503);

  private final String slug;
  private final String title;
  private final int status;

  ProblemType(String slug, String title, int status) {
    this.slug = slug;
    this.title = title;
    this.status = status;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public int status() {
    return status;
  }
}
