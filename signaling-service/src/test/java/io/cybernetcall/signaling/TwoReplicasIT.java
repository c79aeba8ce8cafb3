package io.cybernetcall.signaling;

import static io.cybernetcall.signaling.CallSteps.newCallId;
import static io.cybernetcall.signaling.CallSteps.offer;
import static io.cybernetcall.signaling.CallSteps.relay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.platform.events.ShardedStream;
import io.cybernetcall.platform.redis.HashSlots;
import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.ClusterNodes;
import io.cybernetcall.testsupport.JavaServiceProcess;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.SealedPayloads;
import io.cybernetcall.testsupport.SignalingClient;
import io.cybernetcall.testsupport.TestRedis;
import io.restassured.path.json.JsonPath;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Two packaged signaling-service replicas against one Redis and the real auth-service, as they run
 * in production: signals and presence cross replicas, a client resumes on the other replica, and a
 * replica killed without warning does not leave its users online.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoReplicasIT {

  private static final String REDIS_DB = "4";

  private final AuthServiceProcess auth = new AuthServiceProcess();
  private JavaServiceProcess replicaOne;
  private JavaServiceProcess replicaTwo;
  private RealAccounts accounts;
  private String issuer;

  @BeforeAll
  void startTheStack() throws Exception {
    auth.init(Map.of("database", "cybernet_auth_signaling", "redis-db", REDIS_DB));
    issuer = auth.start().get(AuthServiceProcess.ISSUER_PROPERTY);
    accounts = new RealAccounts(issuer);
    replicaOne = startReplica("one");
    replicaTwo = startReplica("two");
  }

  @AfterAll
  void stopTheStack() {
    if (replicaOne != null) {
      replicaOne.close();
    }
    if (replicaTwo != null) {
      replicaTwo.close();
    }
    auth.stop();
  }

  @Test
  void signalsAndPresenceCrossReplicas() throws Exception {
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.connect(replicaOne.baseUrl(), alice.accessToken());
        SignalingClient b = SignalingClient.connect(replicaTwo.baseUrl(), bob.accessToken())) {
      JsonPath presence = a.next("presence");
      assertThat(presence.getString("userId")).isEqualTo(bob.id());
      assertThat(presence.getBoolean("online")).isTrue();

      JsonPath offer = relay(a, b, offer(bob, newCallId(), "data"));
      assertThat(offer.getString("from.userId")).isEqualTo(alice.id());
      assertThat(offer.getString("from.sessionId")).isEqualTo(a.welcome.getString("sessionId"));
    }
  }

  @Test
  void clientResumesOnTheOtherReplicaWithoutLoss() throws Exception {
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.connect(replicaOne.baseUrl(), alice.accessToken())) {
      long acked;
      try (SignalingClient b = SignalingClient.connect(replicaTwo.baseUrl(), bob.accessToken())) {
        acked = relay(a, b, offer(bob, newCallId(), "data")).getLong("seq");
      }
      a.send(offer(bob, newCallId(), "data"));
      a.send(offer(bob, newCallId(), "data"));
      // Both routed (bob's sequence number moved on) before bob comes back.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                try (SignalingClient probe =
                    SignalingClient.connect(replicaTwo.baseUrl(), bob.accessToken())) {
                  return probe.welcome.getLong("lastSeq") == acked + 2;
                }
              });
      try (SignalingClient b = SignalingClient.connect(replicaOne.baseUrl(), bob.accessToken())) {
        b.send("{\"type\":\"resume\",\"after\":" + acked + "}");
        assertThat(b.next("offer").getLong("seq")).isEqualTo(acked + 1);
        assertThat(b.next("offer").getLong("seq")).isEqualTo(acked + 2);
        assertThat(b.next("replay-end").getLong("lastSeq")).isEqualTo(acked + 2);
      }
    }
  }

  @Test
  void aRemovedContactIsRefusedOnEveryReplicaWithinASecond() throws Exception {
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    // Alice on both replicas (laptop and phone): each replica has her contacts in memory.
    try (SignalingClient laptop =
            SignalingClient.connect(replicaOne.baseUrl(), alice.accessToken());
        SignalingClient phone = SignalingClient.connect(replicaTwo.baseUrl(), alice.accessToken());
        SignalingClient b = SignalingClient.connect(replicaTwo.baseUrl(), bob.accessToken())) {
      relay(laptop, b, offer(bob, newCallId(), "data"));
      relay(phone, b, offer(bob, newCallId(), "data"));

      accounts.removeContact(bob, alice);
      long start = System.nanoTime();
      for (SignalingClient device : new SignalingClient[] {laptop, phone}) {
        await()
            .atMost(Duration.ofSeconds(1))
            .pollInterval(Duration.ofMillis(50))
            .until(
                () -> {
                  device.send(offer(bob, newCallId(), "data"));
                  JsonPath error = device.nextWithin("error", 40);
                  return error != null && "not-a-contact".equals(error.getString("code"));
                });
      }
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
    }
  }

  @Test
  void usersOfAKilledReplicaGoOfflineWithinTheReplicaTimeout() throws Exception {
    User alice = accounts.create("alice");
    User carol = accounts.create("carol");
    accounts.connect(alice, carol);
    JavaServiceProcess doomed = startReplica("doomed");
    try (SignalingClient a = SignalingClient.connect(replicaOne.baseUrl(), alice.accessToken())) {
      SignalingClient c = SignalingClient.connect(doomed.baseUrl(), carol.accessToken());
      assertThat(a.next("presence").getBoolean("online")).isTrue();
      long killedAt = System.nanoTime();
      doomed.kill();
      JsonPath offline = a.nextWithin("presence", 30_000);
      assertThat(offline).as("an offline presence frame").isNotNull();
      long seconds = (System.nanoTime() - killedAt) / 1_000_000_000;
      assertThat(offline.getString("userId")).isEqualTo(carol.id());
      assertThat(offline.getBoolean("online")).isFalse();
      // Replica timeout 6 s plus up to two heartbeat rounds of 2 s.
      assertThat(seconds).isLessThanOrEqualTo(12);
    } finally {
      doomed.close();
    }
  }

  /**
   * On a Redis Cluster only: while alice sends ICE candidates to bob across the replicas, the
   * master serving bob's slot hands over to its replica ({@code CLUSTER FAILOVER}). Frames may be
   * refused meanwhile ({@code unavailable}: the client sends them again), but every frame the
   * server accepted reaches bob, numbered without a gap, when he resumes.
   */
  @Test
  @EnabledIf("io.cybernetcall.testsupport.TestRedis#cluster")
  void aMasterFailoverDuringTrafficLosesNothingAccepted() throws Exception {
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    String bobsShard = new ShardedStream(StreamNames.SIGNAL_EVENTS, 12).streamOf(bob.id());
    int masterBefore = ClusterNodes.masterPortOf(HashSlots.slot(bobsShard));
    int frames = 150;
    Set<String> accepted = new HashSet<>();
    int refused = 0;
    try (SignalingClient a = SignalingClient.connect(replicaOne.baseUrl(), alice.accessToken());
        SignalingClient b = SignalingClient.connect(replicaTwo.baseUrl(), bob.accessToken())) {
      String call = newCallId();
      relay(a, b, offer(bob, call, "data"));
      Thread failover =
          new Thread(() -> ClusterNodes.failover(masterBefore), "failover-of-bobs-master");
      for (int i = 0; i < frames; i++) {
        if (i == frames / 4) {
          failover.start();
        }
        a.send(
            "{\"type\":\"candidate\",\"to\":\"%s\",\"callId\":\"%s\",\"sealed\":%s,\"ref\":\"f%d\"}"
                .formatted(bob.id(), call, SealedPayloads.json(), i));
        Thread.sleep(25);
      }
      failover.join(60_000);
      for (int outcomes = 0; outcomes < frames; outcomes++) {
        JsonPath outcome = a.nextAny(15_000);
        assertThat(outcome).as("an outcome for every frame").isNotNull();
        if ("accepted".equals(outcome.getString("type"))) {
          accepted.add(outcome.getString("id"));
        } else if ("error".equals(outcome.getString("type"))) {
          assertThat(outcome.getString("code")).isEqualTo("unavailable");
          refused++;
        } else {
          outcomes--; // presence and the like
        }
      }
    }
    assertThat(ClusterNodes.masterPortOf(HashSlots.slot(bobsShard))).isNotEqualTo(masterBefore);
    System.out.printf(
        "Failover during traffic: %d accepted, %d refused as unavailable%n",
        accepted.size(), refused);

    // Bob comes back on the other replica and resumes from the start.
    Set<String> received = new HashSet<>();
    long expectedSeq = 1;
    try (SignalingClient b = SignalingClient.connect(replicaOne.baseUrl(), bob.accessToken())) {
      b.send("{\"type\":\"resume\",\"after\":0}");
      assertThat(b.next("offer").getLong("seq")).isEqualTo(expectedSeq++);
      while (true) {
        JsonPath next = b.nextAny(10_000);
        assertThat(next).isNotNull();
        if ("replay-end".equals(next.getString("type"))) {
          assertThat(next.getLong("lastSeq")).isEqualTo(expectedSeq - 1);
          assertThat(next.getBoolean("truncated")).isFalse();
          break;
        }
        if ("candidate".equals(next.getString("type"))) {
          assertThat(next.getLong("seq")).isEqualTo(expectedSeq++);
          received.add(next.getString("id"));
        }
      }
    }
    assertThat(received).containsAll(accepted);
    assertThat(accepted).hasSizeGreaterThan(frames / 2);
  }

  /**
   * On a Redis Cluster only: the master that serves replica two's sharded fan-out channel hands
   * over to its replica. Replica two subscribes again where the channel now lives, and frames from
   * replica one reach bob's open socket live again, without bob reconnecting.
   */
  @Test
  @EnabledIf("io.cybernetcall.testsupport.TestRedis#cluster")
  void crossReplicaFramesFlowAgainAfterAFailoverOfTheChannelsMaster() throws Exception {
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    String channel = "cybernet:sig:to:two";
    try (SignalingClient a = SignalingClient.connect(replicaOne.baseUrl(), alice.accessToken());
        SignalingClient b = SignalingClient.connect(replicaTwo.baseUrl(), bob.accessToken())) {
      relay(a, b, offer(bob, newCallId(), "data"));
      int masterBefore = ClusterNodes.masterPortOf(HashSlots.slot(channel));
      ClusterNodes.failover(masterBefore);
      long failedOverAt = System.nanoTime();
      assertThat(ClusterNodes.masterPortOf(HashSlots.slot(channel))).isNotEqualTo(masterBefore);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                a.send(offer(bob, newCallId(), "data"));
                return b.nextWithin("offer", 250) != null;
              });
      System.out.printf(
          "Live cross-replica delivery %d ms after the failover of the channel's master%n",
          (System.nanoTime() - failedOverAt) / 1_000_000);
    }
    // The channel failed over was the one replica two listens on, and it listens there again.
    Set<String> shardChannels = new HashSet<>();
    for (int port : ClusterNodes.ports()) {
      ClusterNodes.ask(port, Request.cmd(Command.PUBSUB).arg("SHARDCHANNELS").arg(channel))
          .forEach(name -> shardChannels.add(name.toString()));
    }
    assertThat(shardChannels).contains(channel);
  }

  private JavaServiceProcess startReplica(String name) throws Exception {
    Path log = Files.createTempFile("signaling-" + name, ".log");
    System.out.printf("Signaling replica %s: log %s%n", name, log);
    return JavaServiceProcess.start(
        Path.of(System.getProperty("signaling.service.jar", "target/quarkus-app/quarkus-run.jar")),
        JavaServiceProcess.freePort(),
        Map.of(
            "AUTH_SERVER_URL",
            issuer,
            "SIGNALING_AUTH_URL",
            issuer,
            "SIGNALING_REPLICA_ID",
            name,
            "SIGNALING_REPLICA_TIMEOUT",
            "PT6S",
            "SIGNALING_HEARTBEAT_INTERVAL",
            "2s",
            "REDIS_URL",
            TestRedis.url(REDIS_DB)),
        log);
  }
}
