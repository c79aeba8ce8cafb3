package io.cybernetcall.signalstore;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.ClusterNodes;
import io.cybernetcall.testsupport.JavaServiceProcess;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.TestRedis;
import io.restassured.path.json.JsonPath;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two packaged signal-store replicas sharing one consumer group, one database and one Redis: every
 * signal is stored once and in order whichever replica consumed it, and a long-poll held by either
 * replica is woken by a signal the other one stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoStoreReplicasIT {

  private static final String REDIS_DB = "7";
  // The store replicas' wake-up channel (RedisKeys.storedChannel).
  private static final String WAKE_UP_CHANNEL = "cybernet:store:stored";

  private final AuthServiceProcess auth = new AuthServiceProcess();
  private final HttpClient http = HttpClient.newHttpClient();
  private JavaServiceProcess one;
  private JavaServiceProcess two;
  private RealAccounts accounts;
  private RedisEvents events;

  @BeforeAll
  void startTheStack() throws Exception {
    auth.init(Map.of("database", "cybernet_auth_store", "redis-db", REDIS_DB));
    String issuer = auth.start().get(AuthServiceProcess.ISSUER_PROPERTY);
    accounts = new RealAccounts(issuer);
    events = new RedisEvents(REDIS_DB);
    // The first replica starts from an empty schema; the second finds it migrated.
    one = startReplica("one", issuer, true);
    two = startReplica("two", issuer, false);
  }

  @AfterAll
  void stopTheStack() {
    for (JavaServiceProcess replica : new JavaServiceProcess[] {one, two}) {
      if (replica != null) {
        replica.close();
      }
    }
    auth.stop();
    events.close();
  }

  @Test
  void signalsConsumedByEitherReplicaAreStoredOnceAndInOrder() {
    List<User> users = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      users.add(accounts.create("r" + i));
    }
    Map<String, List<String>> sent = new java.util.HashMap<>();
    for (int seq = 1; seq <= 50; seq++) {
      for (User user : users) {
        String id = UUID.randomUUID().toString();
        events.append(RoutedSignals.entry(id, user.id(), seq));
        sent.computeIfAbsent(user.id(), k -> new ArrayList<>()).add(id);
      }
    }
    for (User user : users) {
      for (JavaServiceProcess replica : List.of(one, two)) {
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(page(replica, user, "?after=0&limit=500").getList("signals.id"))
                        .containsExactlyElementsOf(sent.get(user.id())));
      }
    }
  }

  @Test
  void aSignalStoredByOneReplicaWakesLongPollsOnBoth() throws Exception {
    assertBothLongPollsAreWokenByOneSignal();
  }

  @Test
  void longPollsAreWokenAgainAfterRedisDropsTheWakeUpSubscriptions() throws Exception {
    // Every pub/sub connection the Redis (every node of a cluster) has is closed under them.
    List<Integer> nodes = TestRedis.cluster() ? new ArrayList<>(ClusterNodes.ports()) : List.of(0);
    for (int port : nodes) {
      ClusterNodes.ask(port, Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("pubsub"));
    }
    // Both replicas listen again (a publish reaches two receivers: sharded on a cluster).
    Command publish = TestRedis.cluster() ? Command.SPUBLISH : Command.PUBLISH;
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                ClusterNodes.ask(0, Request.cmd(publish).arg(WAKE_UP_CHANNEL).arg("-")).toInteger()
                    == 2);
    assertBothLongPollsAreWokenByOneSignal();
  }

  private void assertBothLongPollsAreWokenByOneSignal() throws Exception {
    User bob = accounts.create("bob");
    CompletableFuture<HttpResponse<String>> onOne = longPoll(one, bob);
    CompletableFuture<HttpResponse<String>> onTwo = longPoll(two, bob);
    // Both polls admitted (each registers itself in Redis) before the signal is appended.
    await().atMost(Duration.ofSeconds(10)).until(() -> events.openPolls(bob.id()) == 2);
    assertThat(onOne).isNotDone();
    assertThat(onTwo).isNotDone();
    long started = System.nanoTime();
    String id = UUID.randomUUID().toString();
    events.append(RoutedSignals.entry(id, bob.id(), 1));
    // Whichever replica stored it, the other one's poll was woken through Redis: both answer long
    // before their 20 s wait is over.
    for (CompletableFuture<HttpResponse<String>> poll : List.of(onOne, onTwo)) {
      HttpResponse<String> response = poll.get(15, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(new JsonPath(response.body()).getList("signals.id")).containsExactly(id);
    }
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(10);
  }

  private JsonPath page(JavaServiceProcess replica, User user, String query) {
    return given()
        .baseUri(replica.baseUrl())
        .auth()
        .oauth2(user.accessToken())
        .get("/api/inbox" + query)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private CompletableFuture<HttpResponse<String>> longPoll(JavaServiceProcess replica, User user) {
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/api/inbox?after=0&wait=20"))
            .header("Authorization", "Bearer " + user.accessToken())
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JavaServiceProcess startReplica(String name, String issuer, boolean cleanSchema)
      throws Exception {
    Path log = Files.createTempFile("signal-store-" + name, ".log");
    System.out.printf("signal-store replica %s: log %s%n", name, log);
    return JavaServiceProcess.start(
        Path.of(System.getProperty("signal.store.jar", "target/quarkus-app/quarkus-run.jar")),
        JavaServiceProcess.freePort(),
        Map.of(
            "AUTH_SERVER_URL",
            issuer,
            "SIGNAL_STORE_REPLICA_ID",
            name,
            "REDIS_URL",
            TestRedis.url(REDIS_DB),
            "DB_NAME",
            "cybernet_signal_store_it",
            "QUARKUS_FLYWAY_CLEAN_DISABLED",
            "false",
            "QUARKUS_FLYWAY_CLEAN_AT_START",
            Boolean.toString(cleanSchema)),
        log);
  }

  /** Appends stream entries on the test's Redis database with the Vert.x Redis client. */
  private static final class RedisEvents implements AutoCloseable {
    private final io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    private final io.vertx.redis.client.Redis redis;

    RedisEvents(String db) {
      redis = io.vertx.redis.client.Redis.createClient(vertx, TestRedis.options(db));
    }

    void append(Map<String, String> fields) {
      io.vertx.redis.client.Request xadd =
          io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.XADD)
              .arg(RoutedSignals.streamOf(fields.get("subject")))
              .arg("*");
      fields.forEach((field, value) -> xadd.arg(field).arg(value));
      try {
        redis.send(xadd).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("XADD failed", e);
      }
    }

    /** Long-polls of the user the replicas hold open (each registers its own in Redis). */
    long openPolls(String userId) {
      try {
        return redis
            .send(
                io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.ZCARD)
                    .arg("cybernet:store:{cybernet:events:inbox}:polls:" + userId))
            .toCompletionStage()
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS)
            .toLong();
      } catch (Exception e) {
        throw new IllegalStateException("ZCARD failed", e);
      }
    }

    @Override
    public void close() {
      redis.close();
      vertx.close();
    }
  }
}
