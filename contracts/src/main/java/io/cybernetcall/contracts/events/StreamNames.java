package io.cybernetcall.contracts.events;

/** Redis Stream keys. One stream per aggregate so consumers subscribe only to what they need. */
public final class StreamNames {

  /** Account lifecycle: registration, verification and reset requests, session revocation. */
  public static final String USER_EVENTS = "cybernet:events:user";

  /** Contact graph changes; the authorization source for signaling. */
  public static final String CONTACT_EVENTS = "cybernet:events:contact";

  private StreamNames() {}
}
