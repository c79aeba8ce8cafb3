package io.cybernetcall.signalstore.service;

/** A refused inbox request: carries the problem code and HTTP status it is answered with. */
public class InboxException extends RuntimeException {

  private final String code;
  private final int status;

  public InboxException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static InboxException invalid(String message) {
    return new InboxException(400, "invalid-parameter", message);
  }

  public static InboxException rateLimited(String message) {
    return new InboxException(429, "rate-limited", message);
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }
}
