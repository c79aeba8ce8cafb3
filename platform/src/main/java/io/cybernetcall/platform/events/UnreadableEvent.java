package io.cybernetcall.platform.events;

/**
 * An event that can never be applied: no envelope, an unknown version, a payload that does not
 * match its type. The consumer dead-letters it at once instead of retrying.
 */
public class UnreadableEvent extends RuntimeException {

  public UnreadableEvent(String reason) {
    super(reason, null, false, false);
  }
}
