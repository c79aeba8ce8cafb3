package io.cybernetcall.platform.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Redis pub/sub between the replicas of a service, for messages that may be lost (a wake-up, a
 * frame that also waits in a replay buffer).
 *
 * <p>On a Redis Cluster the channels are sharded ({@code SPUBLISH}/{@code SSUBSCRIBE}, Redis ≥ 7):
 * a message travels only within the shard that owns its channel's slot, where a plain {@code
 * PUBLISH} is forwarded to every node of the cluster. A single Redis uses plain pub/sub, which
 * every Redis version has. A subscription outlives its connection ({@link ChannelSubscription}).
 *
 * <p>On a cluster each subscription connects through a Redis client of its own, made from the same
 * {@code quarkus.redis.hosts} (credentials in the URLs) and {@code quarkus.redis.password}, and
 * closed whole when the subscription has to be made again: a cluster connection holds one
 * connection per node, and when one of them ends, closing the rest through the shared client's pool
 * can fail half-way and leave the others leased for good.
 */
@ApplicationScoped
public class RedisChannels {

  private final Redis client;
  private final Vertx vertx;
  private final boolean sharded;
  private final Command publish;
  // Where a subscription connects: the shared client on a single Redis, a client of its own on a
  // cluster (null: the shared one).
  private final Supplier<Redis> subscriptionClients;

  @Inject
  public RedisChannels(
      ReactiveRedisDataSource redis,
      Vertx vertx,
      @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone")
          String clientType,
      @ConfigProperty(name = "quarkus.redis.hosts") Optional<List<String>> hosts,
      @ConfigProperty(name = "quarkus.redis.password") Optional<String> password) {
    this.client = redis.getRedis().getDelegate();
    this.vertx = vertx;
    this.sharded = "cluster".equals(clientType);
    this.publish = sharded ? Command.SPUBLISH : Command.PUBLISH;
    this.subscriptionClients =
        sharded ? () -> clusterClient(vertx, hosts.orElse(List.of()), password) : null;
  }

  private static Redis clusterClient(Vertx vertx, List<String> hosts, Optional<String> password) {
    RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER);
    hosts.forEach(options::addConnectionString);
    password.ifPresent(options::setPassword);
    return Redis.createClient(vertx, options);
  }

  /** Whether channels are sharded (a Redis Cluster). */
  public boolean sharded() {
    return sharded;
  }

  /** Publishes {@code message} on {@code channel}; the reply counts the receivers reached. */
  public Future<Response> publish(String channel, String message) {
    return client.send(Request.cmd(publish).arg(channel).arg(message));
  }

  /**
   * Listens on {@code channel} until the subscription is closed; {@code receiver} gets each
   * message.
   */
  public ChannelSubscription subscribe(String channel, Consumer<String> receiver) {
    ChannelSubscription subscription =
        new ChannelSubscription(
            subscriptionClients,
            client,
            vertx.getOrCreateContext(),
            channel,
            sharded ? Command.SSUBSCRIBE : Command.SUBSCRIBE,
            receiver);
    subscription.start();
    return subscription;
  }
}
