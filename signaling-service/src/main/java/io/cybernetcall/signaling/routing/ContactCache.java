package io.cybernetcall.signaling.routing;

import io.cybernetcall.contracts.signaling.ErrorCodes;
import io.cybernetcall.platform.redis.LuaScript;
import io.cybernetcall.signaling.client.AuthContactsClient;
import io.cybernetcall.signaling.client.ContactEntry;
import io.cybernetcall.signaling.protocol.FrameException;
import io.cybernetcall.signaling.redis.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Who may signal whom: each user's accepted, unblocked contacts, checked on every routed frame
 * without a Redis call.
 *
 * <p>Two copies. The shared one is a Redis set per user (in the user's slot), loaded from
 * auth-service when the user connects and kept current by the consumer group that applies contact
 * events once ({@link #grant}, {@link #revoke}). The one routing reads is this replica's memory:
 * filled from the shared set (or auth-service) the first time a user sends, and kept current by
 * every replica following the contact events itself ({@link #granted}, {@link #revoked}), so a
 * removed or blocked contact is refused everywhere as soon as the event is read, within
 * milliseconds. A revocation is also remembered for {@link #REVOCATION_MEMORY}, in both copies, so
 * a list fetched before it and stored after it cannot bring the contact back.
 */
@ApplicationScoped
public class ContactCache {

  /** Member that makes an empty contact list an existing key ("loaded, nobody"). */
  static final String LOADED = "-";

  private static final Duration TTL = Duration.ofHours(1);
  public static final Duration REVOCATION_MEMORY = Duration.ofMinutes(5);

  static final LuaScript LOAD = LuaScript.load("lua/signaling/contacts-load.lua");
  static final LuaScript REVOKE = LuaScript.load("lua/signaling/contacts-revoke.lua");
  static final LuaScript GRANT = LuaScript.load("lua/signaling/contacts-grant.lua");

  private record Known(Set<String> contacts, long loadedAtMillis) {}

  private final ReactiveRedisDataSource redis;
  private final AuthContactsClient auth;
  private final RedisKeys keys;
  private final Clock clock;
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  // "user|contact" → until when (epoch ms) a load must not bring the contact back.
  private final Map<String, Long> recentlyRevoked = new ConcurrentHashMap<>();

  public ContactCache(
      ReactiveRedisDataSource redis,
      @RestClient AuthContactsClient auth,
      RedisKeys keys,
      Clock clock) {
    this.redis = redis;
    this.auth = auth;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * Succeeds when {@code recipientId} is a contact of {@code senderId}; fails with {@code
   * not-a-contact}, or {@code no-contacts} when the sender's list is loaded nowhere yet (the caller
   * loads it with the sender's token, {@link #load}, and tries again).
   */
  public Future<Void> authorize(String senderId, String recipientId) {
    Known contacts = known.get(senderId);
    if (contacts != null) {
      return contacts.contacts().contains(recipientId)
          ? Future.succeededFuture()
          : confirmWithSharedCopy(senderId, recipientId);
    }
    return Future.fromCompletionStage(
            redis.set(String.class).smembers(keys.contacts(senderId)).subscribeAsCompletionStage())
        .compose(
            shared -> {
              if (shared.isEmpty()) {
                return Future.failedFuture(
                    new FrameException("no-contacts", "Contacts not loaded."));
              }
              return remember(senderId, shared).contacts().contains(recipientId)
                  ? Future.succeededFuture()
                  : notAContact();
            });
  }

  /**
   * A recipient this replica's memory does not list may have become a contact a moment ago: the
   * consumer group applies the event to the shared copy and then tells both clients, who may signal
   * before this replica has read the same event. The shared copy decides, unless this replica has
   * read a revocation of the pair (then the shared copy may be the one behind).
   */
  private Future<Void> confirmWithSharedCopy(String senderId, String recipientId) {
    if (isRevoked(senderId, recipientId, clock.millis())) {
      return notAContact();
    }
    return Future.fromCompletionStage(
            redis
                .set(String.class)
                .sismember(keys.contacts(senderId), recipientId)
                .subscribeAsCompletionStage())
        .compose(
            member -> {
              if (!member) {
                return notAContact();
              }
              known.computeIfPresent(senderId, (user, contacts) -> with(contacts, recipientId));
              // A revocation read meanwhile marked the pair before removing it: look again.
              if (isRevoked(senderId, recipientId, clock.millis())) {
                known.computeIfPresent(
                    senderId, (user, contacts) -> without(contacts, recipientId));
                return notAContact();
              }
              return Future.succeededFuture();
            });
  }

  private static Future<Void> notAContact() {
    return Future.failedFuture(
        new FrameException(ErrorCodes.NOT_A_CONTACT, "The recipient is not one of your contacts."));
  }

  /** Fetches the user's contacts from auth-service and stores both copies; returns the ids. */
  public Uni<List<String>> load(String userId, String bearerToken) {
    return auth.contacts("Bearer " + bearerToken)
        .map(
            entries ->
                entries.stream().filter(ContactEntry::accepted).map(ContactEntry::userId).toList())
        .flatMap(
            ids -> {
              List<String> args = new ArrayList<>(ids.size() + 1);
              args.add(Long.toString(TTL.toSeconds()));
              args.addAll(ids);
              return LOAD.run(
                  redis, List.of(keys.contacts(userId), keys.revokedContacts(userId)), args);
            })
        .map(
            kept -> {
              List<String> ids = new ArrayList<>(kept.size());
              kept.forEach(id -> ids.add(id.toString()));
              return List.copyOf(remember(userId, ids).contacts());
            });
  }

  /** The accepted contacts of a user, sorted (empty if loaded nowhere). */
  public Uni<List<String>> contactsOf(String userId) {
    Known contacts = known.get(userId);
    if (contacts != null) {
      return Uni.createFrom().item(contacts.contacts().stream().sorted().toList());
    }
    return redis
        .set(String.class)
        .smembers(keys.contacts(userId))
        .map(members -> members.stream().filter(m -> !LOADED.equals(m)).sorted().toList());
  }

  /** The two became contacts: the shared copy (applied once, by the consumer group). */
  public Uni<Void> grant(String a, String b) {
    return GRANT
        .run(redis, List.of(keys.contacts(a), keys.revokedContacts(a)), List.of(b))
        .flatMap(
            ok -> GRANT.run(redis, List.of(keys.contacts(b), keys.revokedContacts(b)), List.of(a)))
        .replaceWithVoid();
  }

  /** The two are no longer contacts (removed or blocked): the shared copy. */
  public Uni<Void> revoke(String a, String b) {
    String seconds = Long.toString(REVOCATION_MEMORY.toSeconds());
    return REVOKE
        .run(redis, List.of(keys.contacts(a), keys.revokedContacts(a)), List.of(b, seconds))
        .flatMap(
            ok ->
                REVOKE.run(
                    redis, List.of(keys.contacts(b), keys.revokedContacts(b)), List.of(a, seconds)))
        .replaceWithVoid();
  }

  /** The two became contacts: this replica's memory (every replica, as it reads the event). */
  public void granted(String a, String b) {
    recentlyRevoked.remove(a + "|" + b);
    recentlyRevoked.remove(b + "|" + a);
    known.computeIfPresent(a, (user, contacts) -> with(contacts, b));
    known.computeIfPresent(b, (user, contacts) -> with(contacts, a));
  }

  /** The two are no longer contacts: this replica's memory (every replica). */
  public void revoked(String a, String b) {
    long until = clock.millis() + REVOCATION_MEMORY.toMillis();
    recentlyRevoked.put(a + "|" + b, until);
    recentlyRevoked.put(b + "|" + a, until);
    known.computeIfPresent(a, (user, contacts) -> without(contacts, b));
    known.computeIfPresent(b, (user, contacts) -> without(contacts, a));
  }

  /** Forgets lists loaded longer ago than the shared copy lives, and expired revocations. */
  @Scheduled(identity = "contact-cache-purge", every = "1m")
  void purge() {
    long now = clock.millis();
    known.values().removeIf(contacts -> now - contacts.loadedAtMillis() > TTL.toMillis());
    recentlyRevoked.values().removeIf(until -> until < now);
  }

  private Known remember(String userId, Collection<String> ids) {
    long now = clock.millis();
    Set<String> contacts = ConcurrentHashMap.newKeySet();
    for (String id : ids) {
      if (!LOADED.equals(id) && !isRevoked(userId, id, now)) {
        contacts.add(id);
      }
    }
    Known fresh = new Known(contacts, now);
    known.put(userId, fresh);
    // A revocation read while this list was built marked the pair before it looked for the list
    // in memory: looking at the marks again after publishing the list misses none.
    contacts.removeIf(id -> isRevoked(userId, id, clock.millis()));
    return fresh;
  }

  private boolean isRevoked(String userId, String contactId, long now) {
    Long until = recentlyRevoked.get(userId + "|" + contactId);
    return until != null && until >= now;
  }

  private static Known with(Known contacts, String id) {
    contacts.contacts().add(id);
    return contacts;
  }

  private static Known without(Known contacts, String id) {
    contacts.contacts().remove(id);
    return contacts;
  }
}
