package io.cybernetcall.notification.service;

import java.util.Arrays;
import java.util.Optional;

/** Every email this service sends. Account-security mail cannot be turned off. */
public enum NotificationKind {
  WELCOME("welcome", true, "welcome"),
  VERIFY_EMAIL("verify-email", false, "address check"),
  PASSWORD_RESET("password-reset", false, "password reset"),
  CONTACT_REQUEST("contact-request", true, "contact request"),
  MISSED_CALL("missed-call", true, "missed call"),
  MISSED_CALL_DIGEST("missed-call-digest", true, "missed-call digest");

  private final String id;
  private final boolean optional;
  private final String label;

  NotificationKind(String id, boolean optional, String label) {
    this.id = id;
    this.optional = optional;
    this.label = label;
  }

  public String id() {
    return id;
  }

  /** What people call it ("missed call emails"). */
  public String label() {
    return label;
  }

  /** Whether a user may turn it off (and whether it carries an unsubscribe link). */
  public boolean optional() {
    return optional;
  }

  /** The preference that governs it: digests follow the missed-call setting. */
  public NotificationKind preference() {
    return this == MISSED_CALL_DIGEST ? MISSED_CALL : this;
  }

  public static Optional<NotificationKind> byId(String id) {
    return Arrays.stream(values()).filter(kind -> kind.id.equals(id)).findFirst();
  }
}
