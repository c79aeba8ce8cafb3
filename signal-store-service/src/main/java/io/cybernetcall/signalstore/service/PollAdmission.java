package io.cybernetcall.signalstore.service;

import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.signalstore.config.SignalStoreConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Admits inbox requests (per-user rate, concurrent long-polls across replicas) and keeps long-poll
 * presence: a user's first long-poll appends {@code inbox.polling-started} to {@link
 * StreamNames#INBOX_EVENTS}; {@code inbox.polling-stopped} follows once their last long-poll ended
 * more than the presence grace ago. signaling-service turns those into presence.
 */
@ApplicationScoped
public class PollAdmission {

  private static final String STREAM_MAX_LENGTH = "100000";

  // KEYS: rate, polls(user), pollers, inbox events. ARGV: now ms, rate limit, poll id ('' for a
  // plain request), poll deadline ms, max polls, presence deadline ms, user id, event id,
  // occurredAt, data, stream max length, polls key ttl ms, event type.
  // Returns 1 admitted, 0 admitted (no poll), -1 over the rate, -2 too many polls.
  private static final String ADMIT =
      """
      local count = redis.call('INCR', KEYS[1])
      if count == 1 then redis.call('PEXPIRE', KEYS[1], 1000) end
      if count > tonumber(ARGV[2]) then return -1 end
      if ARGV[3] == '' then return 0 end
      redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
      if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return -2 end
      redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
      redis.call('PEXPIRE', KEYS[2], ARGV[12])
      if redis.call('ZADD', KEYS[3], 'GT', ARGV[6], ARGV[7]) == 1 then
        redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[11], '*', 'id', ARGV[8],
                   'type', ARGV[13], 'version', '1', 'occurredAt', ARGV[9],
                   'source', 'signal-store-service', 'subject', ARGV[7], 'data', ARGV[10])
      end
      return 1
      """;

  // KEYS: polls(user), pollers. ARGV: poll id, now ms, grace ms, user id.
  // The user stays online until the grace after their last open poll's deadline, or after now.
  private static final String END_POLL =
      """
      redis.call('ZREM', KEYS[1], ARGV[1])
      local deadline = tonumber(ARGV[2]) + tonumber(ARGV[3])
      local latest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
      if latest[2] and tonumber(latest[2]) + tonumber(ARGV[3]) > deadline then
        deadline = tonumber(latest[2]) + tonumber(ARGV[3])
      end
      redis.call('ZADD', KEYS[2], 'XX', deadline, ARGV[4])
      return 1
      """;

  // KEYS: pollers, inbox events. ARGV: user id, now ms, event id, occurredAt, data, max length,
  // event type.
  // Only the replica whose ZREM succeeds announces the user offline.
  private static final String EXPIRE_POLLER =
      """
      local deadline = redis.call('ZSCORE', KEYS[1], ARGV[1])
      if not deadline or tonumber(deadline) > tonumber(ARGV[2]) then return 0 end
      redis.call('ZREM', KEYS[1], ARGV[1])
      redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*', 'id', ARGV[3],
                 'type', ARGV[7], 'version', '1', 'occurredAt', ARGV[4],
                 'source', 'signal-store-service', 'subject', ARGV[1], 'data', ARGV[5])
      return 1
      """;

  private final ReactiveRedisDataSource redis;
  private final RedisDataSource blockingRedis;
  private final SignalStoreConfig config;
  private final Clock clock;
  private volatile boolean stopping;

  public PollAdmission(
      ReactiveRedisDataSource redis,
      RedisDataSource blockingRedis,
      SignalStoreConfig config,
      Clock clock) {
    this.redis = redis;
    this.blockingRedis = blockingRedis;
    this.config = config;
    this.clock = clock;
  }

  void stop(@Observes ShutdownEvent shutdown) {
    // The Redis client closes during shutdown; a sweep then would only log a failure.
    stopping = true;
  }

  /** Admits a plain request (fetch or ack), or fails with {@link InboxException} (429). */
  public Uni<Void> admitRequest(UUID userId) {
    return admit(userId, "", 0);
  }

  /**
   * Admits a long-poll held for up to {@code waitMillis}; fails with {@link InboxException} (429)
   * over the rate or the concurrent-poll bound. Release it with {@link #endPoll}.
   */
  public Uni<Void> startPoll(UUID userId, String pollId, long waitMillis) {
    return admit(userId, pollId, waitMillis);
  }

  public Uni<Void> endPoll(UUID userId, String pollId) {
    long now = clock.millis();
    return redis
        .execute(
            "EVAL",
            END_POLL,
            "2",
            RedisKeys.polls(userId),
            RedisKeys.pollers(),
            pollId,
            Long.toString(now),
            Long.toString(config.inbox().presenceGrace().toMillis()),
            userId.toString())
        .replaceWithVoid();
  }

  /** Announces users whose long-polls ended longer ago than the grace as no longer polling. */
  @Scheduled(
      every = "${signal-store.inbox.presence-sweep-interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      identity = "poll-presence-sweep")
  void expirePollers() {
    if (stopping) {
      return;
    }
    long now = clock.millis();
    List<String> due =
        blockingRedis
            .sortedSet(String.class)
            .zrangebyscore(
                RedisKeys.pollers(),
                new ScoreRange<>(Double.NEGATIVE_INFINITY, (double) now),
                new ZRangeArgs().limit(0, 100));
    for (String userId : due) {
      blockingRedis.execute(
          "EVAL",
          EXPIRE_POLLER,
          "2",
          RedisKeys.pollers(),
          StreamNames.INBOX_EVENTS,
          userId,
          Long.toString(now),
          UUID.randomUUID().toString(),
          Instant.ofEpochMilli(now).toString(),
          data(userId),
          STREAM_MAX_LENGTH,
          EventTypes.INBOX_POLLING_STOPPED);
    }
  }

  private Uni<Void> admit(UUID userId, String pollId, long waitMillis) {
    long now = clock.millis();
    long pollDeadline = now + waitMillis;
    long presenceDeadline = pollDeadline + config.inbox().presenceGrace().toMillis();
    return redis
        .execute(
            "EVAL",
            ADMIT,
            "4",
            RedisKeys.rate(userId),
            RedisKeys.polls(userId),
            RedisKeys.pollers(),
            StreamNames.INBOX_EVENTS,
            Long.toString(now),
            Integer.toString(config.inbox().requestsPerSecond()),
            pollId,
            Long.toString(pollDeadline),
            Integer.toString(config.inbox().maxConcurrentPolls()),
            Long.toString(presenceDeadline),
            userId.toString(),
            UUID.randomUUID().toString(),
            Instant.ofEpochMilli(now).toString(),
            data(userId.toString()),
            STREAM_MAX_LENGTH,
            Long.toString(config.inbox().maxWait().toMillis() + 60_000),
            EventTypes.INBOX_POLLING_STARTED)
        .map(
            response -> {
              long result = response.toLong();
              if (result == -1) {
                throw InboxException.rateLimited("Too many inbox requests; slow down.");
              }
              if (result == -2) {
                throw InboxException.rateLimited(
                    "At most "
                        + config.inbox().maxConcurrentPolls()
                        + " long-polls may be open at once.");
              }
              return null;
            });
  }

  private static String data(String userId) {
    return "{\"userId\":\"" + userId + "\"}";
  }
}
