package io.cybernetcall.signaling.redis;

/** Every Redis key and channel signaling-service uses, in one place. */
public final class RedisKeys {

  private static final String PREFIX = "cybernet:sig:";

  private RedisKeys() {}

  /** Hash: sessionId → replicaId, for every open socket of a user. */
  public static String sessions(String userId) {
    return PREFIX + "sessions:" + userId;
  }

  /** Set of "userId|sessionId" served by a replica, so survivors can clean up after it. */
  public static String replicaSessions(String replicaId) {
    return PREFIX + "replica-sessions:" + replicaId;
  }

  /** Heartbeat of a replica; expires when the replica dies. */
  public static String replicaAlive(String replicaId) {
    return PREFIX + "replica:" + replicaId;
  }

  /** Set of replica ids ever seen (dead ones are removed by the reaper). */
  public static String replicas() {
    return PREFIX + "replicas";
  }

  /** Per-recipient sequence counter. */
  public static String sequence(String userId) {
    return PREFIX + "seq:" + userId;
  }

  /** Per-recipient replay buffer: a stream whose entry ids are {@code <seq>-0}. */
  public static String inbox(String userId) {
    return PREFIX + "inbox:" + userId;
  }

  /** Set of a user's accepted, unblocked contacts: the routing authorization. */
  public static String contacts(String userId) {
    return PREFIX + "contacts:" + userId;
  }

  /** Marks a pair whose contact just ended, so a stale contact-list load cannot revive it. */
  public static String revoked(String userId, String contactId) {
    return PREFIX + "revoked:" + userId + ":" + contactId;
  }

  /** Server-side state of one call. */
  public static String call(String callId) {
    return PREFIX + "call:" + callId;
  }

  /** Pub/sub channel a replica listens on for frames to its sockets. */
  public static String replicaChannel(String replicaId) {
    return PREFIX + "to:" + replicaId;
  }

  /** Sliding window of relayed messages (or receipts) from one user to another. */
  public static String quota(String kind, String senderAndRecipient) {
    return PREFIX + "quota:" + kind + ":" + senderAndRecipient;
  }

  /** Fixed-window counter for a rate limit. */
  public static String rate(String bucket, String key) {
    return PREFIX + "rate:" + bucket + ":" + key;
  }
}
