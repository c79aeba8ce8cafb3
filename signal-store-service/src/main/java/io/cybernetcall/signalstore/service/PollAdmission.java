package io.cybernetcall.signalstore.service;

import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.platform.events.EventStreamsConfig;
import io.cybernetcall.platform.problem.ProblemException;
import io.cybernetcall.platform.redis.LuaScript;
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
import java.time.Duration;
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

  private static final LuaScript ADMIT =
      LuaScript.load("lua/platform/append-event.lua", "lua/signal-store/poll-admit.lua");
  private static final LuaScript END_POLL = LuaScript.load("lua/signal-store/poll-end.lua");
  private static final LuaScript EXPIRE_POLLER =
      LuaScript.load("lua/platform/append-event.lua", "lua/signal-store/poller-expire.lua");
  private static final Duration RATE_LIMIT_RETRY = Duration.ofSeconds(1);

  private final ReactiveRedisDataSource redis;
  private final RedisDataSource blockingRedis;
  private final SignalStoreConfig config;
  private final Clock clock;
  private final String streamMaxLength;
  private volatile boolean stopping;

  public PollAdmission(
      ReactiveRedisDataSource redis,
      RedisDataSource blockingRedis,
      SignalStoreConfig config,
      EventStreamsConfig streams,
      Clock clock) {
    this.redis = redis;
    this.blockingRedis = blockingRedis;
    this.config = config;
    this.clock = clock;
    this.streamMaxLength = Long.toString(streams.streamMaxLength());
  }

  void stop(@Observes ShutdownEvent shutdown) {
    // The Redis client closes during shutdown; a sweep then would only log a failure.
    stopping = true;
  }

  /** Admits a plain request (fetch or ack), or fails with a 429 {@link ProblemException}. */
  public Uni<Void> admitRequest(UUID userId) {
    return admit(userId, "", 0);
  }

  /**
   * Admits a long-poll held for up to {@code waitMillis}; fails with a 429 {@link ProblemException}
   * over the rate or the concurrent-poll bound. Release it with {@link #endPoll}.
   */
  public Uni<Void> startPoll(UUID userId, String pollId, long waitMillis) {
    return admit(userId, pollId, waitMillis);
  }

  public Uni<Void> endPoll(UUID userId, String pollId) {
    long now = clock.millis();
    return END_POLL
        .run(
            redis,
            List.of(RedisKeys.polls(userId), RedisKeys.pollers()),
            List.of(
                pollId,
                Long.toString(now),
                Long.toString(config.inbox().presenceGrace().toMillis()),
                userId.toString()))
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
      EXPIRE_POLLER.run(
          blockingRedis,
          List.of(RedisKeys.pollers(), StreamNames.INBOX_EVENTS),
          List.of(
              userId,
              Long.toString(now),
              UUID.randomUUID().toString(),
              Instant.ofEpochMilli(now).toString(),
              data(userId),
              streamMaxLength,
              EventTypes.INBOX_POLLING_STOPPED));
    }
  }

  private Uni<Void> admit(UUID userId, String pollId, long waitMillis) {
    long now = clock.millis();
    long pollDeadline = now + waitMillis;
    long presenceDeadline = pollDeadline + config.inbox().presenceGrace().toMillis();
    return ADMIT
        .run(
            redis,
            List.of(
                RedisKeys.rate(userId),
                RedisKeys.polls(userId),
                RedisKeys.pollers(),
                StreamNames.INBOX_EVENTS),
            List.of(
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
                streamMaxLength,
                Long.toString(config.inbox().maxWait().toMillis() + 60_000),
                EventTypes.INBOX_POLLING_STARTED))
        .map(
            response -> {
              long result = response.toLong();
              if (result == -1) {
                throw ProblemException.retryAfter(
                    InboxProblem.RATE_LIMITED,
                    "Too many inbox requests; slow down.",
                    RATE_LIMIT_RETRY);
              }
              if (result == -2) {
                throw ProblemException.retryAfter(
                    InboxProblem.RATE_LIMITED,
                    "At most "
                        + config.inbox().maxConcurrentPolls()
                        + " long-polls may be open at once.",
                    RATE_LIMIT_RETRY);
              }
              return null;
            });
  }

  private static String data(String userId) {
    return "{\"userId\":\"" + userId + "\"}";
  }
}
