package io.cybernetcall.signaling;

import static io.cybernetcall.signaling.CallSteps.newCallId;
import static io.cybernetcall.signaling.CallSteps.offer;
import static io.cybernetcall.signaling.CallSteps.relay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.JavaServiceProcess;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.SignalingClient;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

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
            "redis://127.0.0.1:6379/" + REDIS_DB),
        log);
  }
}
