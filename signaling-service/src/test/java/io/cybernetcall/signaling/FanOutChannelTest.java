package io.cybernetcall.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cybernetcall.platform.redis.HashSlots;
import io.cybernetcall.signaling.presence.Replica;
import io.cybernetcall.signaling.redis.RedisKeys;
import io.cybernetcall.signaling.routing.ReplicaChannels;
import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.ClusterNodes;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.SignalingClient;
import io.cybernetcall.testsupport.TestRedis;
import io.cybernetcall.testsupport.WithAuthService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The channel a replica receives other replicas' frames on: what it is subscribed with, and that
 * the subscription comes back by itself when Redis drops it.
 */
@QuarkusTest
@WithAuthService(database = "cybernet_auth_signaling", redisDb = "3")
class FanOutChannelTest {

  @TestHTTPResource("/")
  URI base;

  @ConfigProperty(name = AuthServiceProcess.ISSUER_PROPERTY)
  String issuer;

  @Inject ReplicaChannels channels;
  @Inject Replica replica;
  @Inject RedisKeys keys;

  @Test
  void aReplicaListensOnItsOwnChannelShardedOnlyOnACluster() {
    String channel = keys.replicaChannel(replica.id());
    assertThat(channels.sharded()).isEqualTo(TestRedis.cluster());
    // The replica subscribes once it has started, on its own event loop: wait for that.
    if (TestRedis.cluster()) {
      // Only the shard that owns the channel's slot knows it; no node has a broadcast channel.
      int owner = ClusterNodes.masterPortOf(HashSlots.slot(channel));
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(names(ClusterNodes.ask(owner, pubsub("SHARDCHANNELS", channel))))
                      .containsExactly(channel));
      for (int port : ClusterNodes.ports()) {
        assertThat(names(ClusterNodes.ask(port, pubsub("CHANNELS", channel)))).isEmpty();
      }
    } else {
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(names(ClusterNodes.ask(0, pubsub("CHANNELS", channel))))
                      .containsExactly(channel));
    }
  }

  @Test
  void aSubscriptionRedisDropsIsMadeAgainAndFramesFlowAgain() {
    RealAccounts accounts = new RealAccounts(issuer);
    User bob = accounts.create("bob");
    try (SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
      int[] attempt = {0};
      await().atMost(Duration.ofSeconds(5)).until(() -> relayedThroughTheChannel(b, ++attempt[0]));
      long before = channels.subscriptions();

      // Every pub/sub connection the Redis (every node of a cluster) has is closed under us.
      List<Integer> nodes =
          TestRedis.cluster() ? new ArrayList<>(ClusterNodes.ports()) : List.of(0);
      for (int port : nodes) {
        ClusterNodes.ask(port, Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("pubsub"));
      }

      await().atMost(Duration.ofSeconds(5)).until(() -> relayedThroughTheChannel(b, ++attempt[0]));
      assertThat(channels.subscriptions()).isGreaterThan(before);
    }
  }

  /** Publishes a frame for {@code b}'s socket on this replica's channel; true if it arrived. */
  private boolean relayedThroughTheChannel(SignalingClient b, int n) {
    channels.publish(replica.id(), b.sessionId() + "\n{\"type\":\"probe\",\"n\":" + n + "}");
    JsonPath probe = b.nextWithin("probe", 300);
    return probe != null && probe.getInt("n") == n;
  }

  private static Request pubsub(String subcommand, String pattern) {
    return Request.cmd(Command.PUBSUB).arg(subcommand).arg(pattern);
  }

  private static List<String> names(Response response) {
    List<String> names = new ArrayList<>();
    response.forEach(name -> names.add(name.toString()));
    return names;
  }
}
