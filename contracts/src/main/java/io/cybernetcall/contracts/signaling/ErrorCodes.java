package io.cybernetcall.contracts.signaling;

/**
 * Stable {@code code} values of {@code error} frames (and of HTTP problem types for /api/signals).
 */
public final class ErrorCodes {

  public static final String MALFORMED_JSON = "malformed-json";
  public static final String UNKNOWN_TYPE = "unknown-type";
  public static final String INVALID_FRAME = "invalid-frame";

  /** An offer, answer or candidate with its SDP or candidate in plaintext instead of sealed. */
  public static final String SEALING_REQUIRED = "sealing-required";

  public static final String NOT_A_CONTACT = "not-a-contact";
  public static final String CALL_NOT_FOUND = "call-not-found";
  public static final String NOT_A_PARTICIPANT = "not-a-participant";
  public static final String INVALID_STATE = "invalid-state";
  public static final String CALL_EXISTS = "call-exists";
  public static final String ANSWERED_ELSEWHERE = "answered-elsewhere";
  public static final String RATE_LIMITED = "rate-limited";
  public static final String AUTH_FAILED = "auth-failed";
  public static final String UNAVAILABLE = "unavailable";

  private ErrorCodes() {}
}
