package io.cybernetcall.signaling.routing;

import io.cybernetcall.platform.redis.LuaScript;
import io.cybernetcall.signaling.client.AuthContactsClient;
import io.cybernetcall.signaling.client.ContactEntry;
import io.cybernetcall.signaling.redis.RedisKeys;
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

  private static final LuaScript LOAD = LuaScript.load("lua/signaling/contacts-load.lua");
  private static final LuaScript REVOKE = LuaScript.load("lua/signaling/contacts-revoke.lua");
  private static final LuaScript GRANT = LuaScript.load("lua/signaling/contacts-grant.lua");

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
              List<String> args = new ArrayList<>(ids.size() + 2);
              args.add(Long.toString(TTL.toSeconds()));
              args.add(RedisKeys.revoked(userId, ""));
              args.addAll(ids);
              return LOAD.run(redis, List.of(RedisKeys.contacts(userId)), args);
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
      LuaScript script, String a, String b, String... extra) {
    List<String> args = new ArrayList<>(List.of(a, b));
    args.addAll(List.of(extra));
    return script.run(
        redis,
        List.of(
            RedisKeys.contacts(a),
            RedisKeys.contacts(b),
            RedisKeys.revoked(a, b),
            RedisKeys.revoked(b, a)),
        args);
  }
}
