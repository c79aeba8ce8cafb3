package io.cybernetcall.contracts.events;

/** Event type names as they appear in the {@link EventFields#TYPE} field of a stream entry. */
public final class EventTypes {

  public static final String USER_REGISTERED = "user.registered";
  public static final String USER_EMAIL_VERIFICATION_REQUESTED =
      "user.email-verification-requested";
  public static final String USER_PASSWORD_RESET_REQUESTED = "user.password-reset-requested";
  public static final String USER_SESSIONS_REVOKED = "user.sessions-revoked";

  public static final String CONTACT_REQUESTED = "contact.requested";
  public static final String CONTACT_ACCEPTED = "contact.accepted";
  public static final String CONTACT_REMOVED = "contact.removed";
  public static final String CONTACT_BLOCKED = "contact.blocked";
  public static final String DEVICE_KEY_ADDED = "device.key-added";
  public static final String DEVICE_KEY_REMOVED = "device.key-removed";

  public static final String SIGNAL_ROUTED = "signal.routed";
  public static final String CALL_MISSED = "call.missed";

  public static final String INBOX_POLLING_STARTED = "inbox.polling-started";
  public static final String INBOX_POLLING_STOPPED = "inbox.polling-stopped";

  private EventTypes() {}
}
