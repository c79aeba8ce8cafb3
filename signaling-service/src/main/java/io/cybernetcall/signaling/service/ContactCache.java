package io.cybernetcall.signaling.service;

import io.cybernetcall.signaling.client.AuthContactsClient;
import io.cybernetcall.signaling.client.ContactEntry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Each user's accepted, unblocked contacts as a Redis set shared by all replicas: loaded from
 * auth-service when the user connects, kept current by contact events, checked on every routed
 * frame inside the delivery script.
 */
@ApplicationScoped
public class ContactCache {

  /** Member that makes an empty contact list an existing key ("loaded, nobody"). */
  static final String LOADED = "-";

  private static final Duration TTL = Duration.ofHours(1);
  private static final Duration REVOCATION_MEMORY = Duration.ofMinutes(5);

  // KEYS: contacts(user). ARGV: ttl seconds, revoked-key prefix, contact ids...
  // Replaces the set; drops ids whose contact ended while the list was being fetched.
  private static final String LOAD =
      """
      redis.call('DEL', KEYS[1])
      redis.call('SADD', KEYS[1], '-')
      for i = 3, #ARGV do
        if redis.call('EXISTS', ARGV[2] .. ARGV[i]) == 0 then redis.call('SADD', KEYS[1], ARGV[i]) end
      end
      redis.call('EXPIRE', KEYS[1], ARGV[1])
      return redis.call('SCARD', KEYS[1]) - 1
      """;

  // KEYS: contacts(a), contacts(b), revoked(a,b), revoked(b,a). ARGV: a, b, revocation seconds.
  private static final String REVOKE =
      """
      redis.call('SREM', KEYS[1], ARGV[2])
      redis.call('SREM', KEYS[2], ARGV[1])
      redis.call('SET', KEYS[3], '1', 'EX', ARGV[3])
      redis.call('SET', KEYS[4], '1', 'EX', ARGV[3])
      return 1
      """;

  // KEYS: contacts(a), contacts(b), revoked(a,b), revoked(b,a). ARGV: a, b.
  // Only sets that exist are updated: an absent set is loaded fresh on the next connect.
  private static final String GRANT =
      """
      redis.call('DEL', KEYS[3], KEYS[4])
      if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('SADD', KEYS[1], ARGV[2]) end
      if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('SADD', KEYS[2], ARGV[1]) end
      return 1
      """;

  private final ReactiveRedisDataSource redis;
  private final AuthContactsClient auth;

  public ContactCache(ReactiveRedisDataSource redis, @RestClient AuthContactsClient auth) {
    this.redis = redis;
    this.auth = auth;
  }

  /** Fetches the user's contacts from auth-service and stores them; returns the accepted ids. */
  public Uni<List<String>> load(String userId, String bearerToken) {
    return auth.contacts("Bearer " + bearerToken)
        .map(
            entries ->
                entries.stream().filter(ContactEntry::accepted).map(ContactEntry::userId).toList())
        .call(
            ids -> {
              List<String> args = new ArrayList<>(ids.size() + 5);
              args.add(LOAD);
              args.add("1");
              args.add(RedisKeys.contacts(userId));
              args.add(Long.toString(TTL.toSeconds()));
              args.add(RedisKeys.revoked(userId, ""));
              args.addAll(ids);
              return redis.execute("EVAL", args.toArray(String[]::new));
            });
  }

  /** The cached accepted contacts of a user (empty if not loaded). */
  public Uni<List<String>> contactsOf(String userId) {
    return redis
        .set(String.class)
        .smembers(RedisKeys.contacts(userId))
        .map(members -> members.stream().filter(m -> !LOADED.equals(m)).sorted().toList());
  }

  /** The two became contacts. */
  public Uni<Void> grant(String a, String b) {
    return pair(GRANT, a, b).replaceWithVoid();
  }

  /** The two are no longer contacts (removed or blocked). */
  public Uni<Void> revoke(String a, String b) {
    return pair(REVOKE, a, b, Long.toString(REVOCATION_MEMORY.toSeconds())).replaceWithVoid();
  }

  private Uni<io.vertx.mutiny.redis.client.Response> pair(
      String script, String a, String b, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                script,
                "4",
                RedisKeys.contacts(a),
                RedisKeys.contacts(b),
                RedisKeys.revoked(a, b),
                RedisKeys.revoked(b, a),
                a,
                b));
    args.addAll(List.of(extra));
    return redis.execute("EVAL", args.toArray(String[]::new));
  }
}
