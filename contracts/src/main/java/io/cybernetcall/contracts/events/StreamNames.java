package io.cybernetcall.contracts.events;

/** Redis Stream keys. One stream per aggregate so consumers subscribe only to what they need. */
public final class StreamNames {

  /** Account lifecycle: registration, verification and reset requests, session revocation. */
  public static final String USER_EVENTS = "cybernet:events:user";

  /** Contact graph changes; the authorization source for signaling. */
  public static final String CONTACT_EVENTS = "cybernet:events:contact";

  public static final String DEVICE_EVENTS = "cybernet:events:device";

  /**
   * Every signal routed by signaling-service, for the signal store to persist (durable copy,
   * long-poll fallback).
   */
  public static final String SIGNAL_EVENTS = "cybernet:events:signal";

  /** Call outcomes other services act on (missed calls for notification-service). */
  public static final String CALL_EVENTS = "cybernet:events:call";

  /**
   * Long-poll presence from signal-store-service: a user started or stopped receiving over HTTP,
   * which signaling-service counts as being online.
   */
  public static final String INBOX_EVENTS = "cybernet:events:inbox";

  private StreamNames() {}
}
