package io.cybernetcall.signaling.redis;

import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.platform.events.EventStreamsConfig;
import io.cybernetcall.platform.events.ShardedStream;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every Redis key and channel signaling-service uses, in one place, placed for Redis Cluster
 * (docs/operations.md, "Redis: key layout").
 *
 * <ul>
 *   <li>A user's keys (sessions, sequence counter, replay buffer, open calls, contacts) carry the
 *       hash tag of the user's shard of the signal stream: routing a frame to a recipient touches
 *       one slot, the recipient's, and appends the durable event in that same slot.
 *   <li>A call's state and the new-call counters carry the call-event stream's name as their tag,
 *       so the missed-call script appends {@code call.missed} in the call's slot.
 *   <li>Everything else is one key per command.
 * </ul>
 */
@ApplicationScoped
public class RedisKeys {

  private static final String PREFIX = "cybernet:sig:";
  private static final String CALLS_TAG = "{" + StreamNames.CALL_EVENTS + "}";

  private final ShardedStream signalEvents;

  public RedisKeys(EventStreamsConfig streams) {
    this.signalEvents = new ShardedStream(StreamNames.SIGNAL_EVENTS, streams.signalShards());
  }

  /** The signal stream's shards: each user's {@code signal.routed} events go to one. */
  public ShardedStream signalEvents() {
    return signalEvents;
  }

  /**
   * The keys routing a frame to a user touches, all in the user's slot, named with one hash of the
   * user id (this runs for every routed frame).
   */
  public record Recipient(
      String sequence,
      String inbox,
      String signalStream,
      String sessions,
      String openCalls,
      String lastDurable) {}

  public Recipient recipient(String userId) {
    int shard = signalEvents.shardOf(userId);
    String tag = signalEvents.tag(shard);
    return new Recipient(
        userKey(tag, "seq", userId),
        userKey(tag, "inbox", userId),
        signalEvents.stream(shard),
        userKey(tag, "sessions", userId),
        userKey(tag, "calls", userId),
        userKey(tag, "durable", userId));
  }

  /** The shard of the signal stream that holds the signals to {@code userId}. */
  public String signalStream(String userId) {
    return signalEvents.streamOf(userId);
  }

  /** Hash: sessionId → replicaId, for every open socket of a user. */
  public String sessions(String userId) {
    return ofUser(userId, "sessions");
  }

  /** Per-recipient sequence counter. */
  public String sequence(String userId) {
    return ofUser(userId, "seq");
  }

  /** Per-recipient replay buffer: a stream whose entry ids are {@code <seq>-0}. */
  public String inbox(String userId) {
    return ofUser(userId, "inbox");
  }

  /**
   * Hash: callId → the other participant, for every call a user may receive ICE candidates in: set
   * when a call-control frame of the call reaches the user, removed when one ends it.
   */
  public String openCalls(String userId) {
    return ofUser(userId, "calls");
  }

  /**
   * The sequence number of a user's last durable signal before signals that were kept in the replay
   * buffer only; absent when none were (route.lua).
   */
  public String lastDurable(String userId) {
    return ofUser(userId, "durable");
  }

  /** Set of a user's accepted, unblocked contacts, shared by the replicas (the directory copy). */
  public String contacts(String userId) {
    return ofUser(userId, "contacts");
  }

  /**
   * Sorted set: contacts of a user whose contact ended recently, scored by when that memory expires
   * (epoch ms), so a contact list being fetched right now cannot bring one back.
   */
  public String revokedContacts(String userId) {
    return ofUser(userId, "revoked");
  }

  /** Server-side state of one call. */
  public String call(String callId) {
    return PREFIX + CALLS_TAG + ":call:" + callId;
  }

  /** Calls one user started to another in the current minute (the ring-spam limit). */
  public String newCalls(String senderId, String recipientId) {
    return PREFIX + CALLS_TAG + ":new-calls:" + senderId + ":" + recipientId;
  }

  /** Set of "userId|sessionId" served by a replica, so survivors can clean up after it. */
  public String replicaSessions(String replicaId) {
    return PREFIX + "replica-sessions:" + replicaId;
  }

  /** Heartbeat of a replica; expires when the replica dies. */
  public String replicaAlive(String replicaId) {
    return PREFIX + "replica:" + replicaId;
  }

  /** Set of replica ids ever seen (dead ones are removed by the reaper). */
  public String replicas() {
    return PREFIX + "replicas";
  }

  /** Held by the replica that cleans up after a dead one. */
  public String reapLock(String deadReplicaId) {
    return PREFIX + "reap:" + deadReplicaId;
  }

  /** Pub/sub channel a replica listens on for frames to its sockets. */
  public String replicaChannel(String replicaId) {
    return PREFIX + "to:" + replicaId;
  }

  /** Sliding window of relayed messages (or receipts) from one user to another. */
  public String quota(String kind, String senderAndRecipient) {
    return PREFIX + "quota:" + kind + ":" + senderAndRecipient;
  }

  /** The layout the data was written with: the number of signal-stream shards. */
  public String layout() {
    return PREFIX + "layout";
  }

  private String ofUser(String userId, String what) {
    return userKey(signalEvents.tagOf(userId), what, userId);
  }

  private static String userKey(String tag, String what, String userId) {
    return PREFIX + tag + ":" + what + ":" + userId;
  }
}
