package io.cybernetcall.signaling.routing;

import io.cybernetcall.contracts.signaling.ErrorCodes;
import io.cybernetcall.contracts.signaling.FrameTypes;
import io.cybernetcall.platform.redis.LuaScript;
import io.cybernetcall.signaling.config.SignalingConfig;
import io.cybernetcall.signaling.protocol.FrameException;
import io.cybernetcall.signaling.redis.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Chat messages relayed through the server for a contact who is away, and the receipts that come
 * back: routed like any signal (numbered, kept, delivered to every device), but kept by the signal
 * store for the messages' lifetime whoever acknowledged them, and bounded in number per contact.
 * The body is opaque here: sealing it for the recipient is the clients' business.
 */
@ApplicationScoped
public class RelayedMessages {

  private static final LuaScript QUOTA = LuaScript.load("lua/signaling/message-quota.lua");

  private final ReactiveRedisDataSource redis;
  private final RedisKeys keys;
  private final Clock clock;
  private final String lifetimeMillis;
  private final String perContact;
  private final java.time.Duration lifetime;

  public RelayedMessages(
      ReactiveRedisDataSource redis, RedisKeys keys, SignalingConfig config, Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.clock = clock;
    this.lifetime = config.messages().lifetime();
    this.lifetimeMillis = Long.toString(lifetime.toMillis());
    this.perContact = Integer.toString(config.messages().perContact());
  }

  /** Whether frames of this type are relayed messages or their receipts. */
  public static boolean isRelayed(String type) {
    return FrameTypes.MESSAGE.equals(type) || FrameTypes.MESSAGE_RECEIPT.equals(type);
  }

  /**
   * Admits one more frame of {@code type} from the sender to the recipient, or fails with {@code
   * rate-limited} when the sender has relayed as many to them within the lifetime as allowed.
   */
  public Uni<Void> admit(String senderId, String recipientId, String type, String signalId) {
    return QUOTA
        .run(
            redis,
            List.of(keys.quota(type, senderId + ":" + recipientId)),
            List.of(signalId, lifetimeMillis, perContact))
        .map(
            admitted -> {
              if (admitted.toLong() == 0) {
                throw new FrameException(
                    ErrorCodes.RATE_LIMITED,
                    FrameTypes.MESSAGE.equals(type)
                        ? "Too many messages to this person through the server for now; they go"
                            + " peer-to-peer while you are both online."
                        : "Too many receipts to this person.");
              }
              return null;
            });
  }

  /** Until when the signal store keeps a message or receipt routed now. */
  public Instant keepUntil() {
    return clock.instant().plus(lifetime);
  }
}
