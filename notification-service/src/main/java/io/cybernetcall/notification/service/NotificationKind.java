package io.cybernetcall.notification.service;

import java.util.Arrays;
import java.util.Optional;

/** Every email this service sends. Account-security mail cannot be turned off. */
public enum NotificationKind {
  WELCOME("welcome", true),
  VERIFY_EMAIL("verify-email", false),
  PASSWORD_RESET("password-reset", false),
  CONTACT_REQUEST("contact-request", true),
  MISSED_CALL("missed-call", true),
  MISSED_CALL_DIGEST("missed-call-digest", true);

  private final String id;
  private final boolean optional;

  NotificationKind(String id, boolean optional) {
    this.id = id;
    this.optional = optional;
  }

  public String id() {
    return id;
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
