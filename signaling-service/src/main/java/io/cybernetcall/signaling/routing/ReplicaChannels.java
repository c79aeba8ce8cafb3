package io.cybernetcall.signaling.routing;

import io.cybernetcall.platform.redis.ChannelSubscription;
import io.cybernetcall.platform.redis.RedisChannels;
import io.cybernetcall.signaling.presence.Replica;
import io.cybernetcall.signaling.redis.RedisKeys;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.Consumer;

/**
 * The pub/sub channel each replica listens on for frames to its sockets, and publishing to another
 * replica's: sharded on a Redis Cluster, so that a frame crosses only the shard of the receiving
 * replica's channel ({@link RedisChannels}).
 *
 * <p>A frame lost here (the subscription is being made again after a failover) is not lost to its
 * recipient: it is in the replay buffer, and the client asks for it when the next frame shows the
 * gap (docs/protocol.md).
 */
@ApplicationScoped
public class ReplicaChannels {

  private final RedisChannels channels;
  private final RedisKeys keys;
  private final String ownChannel;
  private volatile ChannelSubscription subscription;

  public ReplicaChannels(RedisChannels channels, RedisKeys keys, Replica replica) {
    this.channels = channels;
    this.keys = keys;
    this.ownChannel = keys.replicaChannel(replica.id());
  }

  /** Starts listening on this replica's channel; {@code receiver} gets every message. */
  public void listen(Consumer<String> receiver) {
    subscription = channels.subscribe(ownChannel, receiver);
  }

  /** Publishes {@code message} on the channel of replica {@code replicaId}. */
  public Future<Response> publish(String replicaId, String message) {
    return channels.publish(keys.replicaChannel(replicaId), message);
  }

  /** Whether the channels are sharded (a Redis Cluster). */
  public boolean sharded() {
    return channels.sharded();
  }

  /** How many times this replica has subscribed to its channel (1 while nothing went wrong). */
  public long subscriptions() {
    return subscription == null ? 0 : subscription.subscriptions();
  }

  void stop(@Observes ShutdownEvent shutdown) {
    if (subscription != null) {
      subscription.close();
    }
  }
}
