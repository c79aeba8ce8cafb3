package io.cybernetcall.notification.rest;

/** A refused request: the problem code and HTTP status it is answered with. */
public class NotificationProblem extends RuntimeException {

  private final int status;
  private final String code;

  public NotificationProblem(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
