package io.cybernetcall.signalstore;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.signalstore.service.SignalCleanup;
import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.WithAuthService;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithAuthService(database = "cybernet_auth_store", redisDb = "5")
class InboxTest {

  private static final String DEAD_LETTERS = "cybernet:dead:signal-store";

  @TestHTTPResource("/")
  URI base;

  @ConfigProperty(name = AuthServiceProcess.ISSUER_PROPERTY)
  String issuer;

  @Inject RedisDataSource redis;
  @Inject Pool pool;
  @Inject SignalCleanup cleanup;

  private RoutedSignals events;
  private RealAccounts accounts;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() {
    events = new RoutedSignals(redis);
    accounts = new RealAccounts(issuer);
  }

  @Test
  void aSessionsTokenStopsReadingTheInboxOnceTheSessionEnds() {
    User bob = accounts.create("bob");
    User otherDevice = accounts.login(bob.username());
    given().auth().oauth2(bob.accessToken()).get("/api/inbox?after=0").then().statusCode(200);

    accounts.logout(bob);

    await()
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(bob.accessToken())
                    .get("/api/inbox?after=0")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json"));
    given()
        .auth()
        .oauth2(bob.accessToken())
        .contentType("application/json")
        .body("{\"seq\":0}")
        .post("/api/inbox/ack")
        .then()
        .statusCode(401);
    given()
        .auth()
        .oauth2(otherDevice.accessToken())
        .get("/api/inbox?after=0")
        .then()
        .statusCode(200);
  }

  @Test
  void aBodyWithoutAContentTypeIsRefusedBeforeItIsRead() throws Exception {
    User bob = accounts.create("bob");
    events.publish(bob.id(), 1);
    awaitSignals(bob, 0, 1);
    // What a cross-site form or fetch without preflight sends: a body and no JSON type.
    HttpResponse<String> refused =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/inbox/ack"))
                .header("Authorization", "Bearer " + bob.accessToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"seq\":1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(refused.statusCode()).isEqualTo(415);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonPath(refused.body()).getString("type"))
        .isEqualTo("urn:cybernet-call:problem:unsupported-media-type");
    assertThat(awaitSignals(bob, 0, 1).getLong("ackedSeq")).as("nothing acknowledged").isZero();
  }

  @Test
  void eventBecomesRowThenPollThenAckThenCleanup() {
    User bob = accounts.create("bob");
    String first = events.publish(bob.id(), 1);
    String second = events.publish(bob.id(), 2);

    JsonPath page = awaitSignals(bob, 0, 2);
    assertThat(page.getList("signals.id")).containsExactly(first, second);
    assertThat(page.getList("signals.seq", Long.class)).containsExactly(1L, 2L);
    assertThat(page.getString("signals[0].from.userId")).isNotBlank();
    assertThat(page.getLong("lastSeq")).isEqualTo(2);
    assertThat(page.getLong("ackedSeq")).isZero();
    assertThat(page.getBoolean("more")).isFalse();

    // Acknowledging the first: a fetch without "after" starts behind the acknowledged one.
    given()
        .auth()
        .oauth2(bob.accessToken())
        .contentType("application/json")
        .body("{\"seq\":1}")
        .post("/api/inbox/ack")
        .then()
        .statusCode(200)
        .body("ackedSeq", equalTo(1));
    JsonPath resumed = inbox(bob, "").then().statusCode(200).extract().jsonPath();
    assertThat(resumed.getList("signals.id")).containsExactly(second);
    assertThat(resumed.getLong("ackedSeq")).isEqualTo(1);
    // The cursor never goes down.
    given()
        .auth()
        .oauth2(bob.accessToken())
        .contentType("application/json")
        .body("{\"seq\":0}")
        .post("/api/inbox/ack")
        .then()
        .statusCode(200)
        .body("ackedSeq", equalTo(1));

    assertThat(ackedAt(first)).isNotNull();
    assertThat(ackedAt(second)).isNull();
    // Test TTLs: acknowledged rows go after 1 s, unacknowledged after 3 s.
    Instant now = Instant.now();
    cleanup.cleanUp(now.plusMillis(1_200)).await().atMost(Duration.ofSeconds(10));
    assertThat(rowExists(first)).isFalse();
    assertThat(rowExists(second)).isTrue();
    cleanup.cleanUp(now.plusMillis(3_200)).await().atMost(Duration.ofSeconds(10));
    assertThat(rowExists(second)).isFalse();

    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains("signal_store_signals_stored_total")
        .contains("signal_store_signals_delivered_total")
        .contains("signal_store_signals_expired_total{state=\"acked\"");
  }

  @Test
  void aKeptSignalOutlivesTheUsualCleanupForEveryDeviceUntilItsTime() {
    User bob = accounts.create("bob");
    Instant keepUntil = Instant.now().plus(Duration.ofDays(7));
    String message = events.publishKept(bob.id(), 1, keepUntil);
    String candidate = events.publish(bob.id(), 2);
    awaitSignals(bob, 0, 2);
    // One device reads both and acknowledges them.
    given()
        .auth()
        .oauth2(bob.accessToken())
        .contentType("application/json")
        .body("{\"seq\":2}")
        .post("/api/inbox/ack")
        .then()
        .statusCode(200);

    // Past both usual TTLs (1 s acknowledged, 3 s not): the candidate goes, the message stays, and
    // another device that starts from its own cursor still reads it.
    cleanup.cleanUp(Instant.now().plusSeconds(10)).await().atMost(Duration.ofSeconds(10));
    assertThat(rowExists(candidate)).isFalse();
    assertThat(rowExists(message)).isTrue();
    JsonPath laptop = inbox(bob, "?after=0").then().statusCode(200).extract().jsonPath();
    assertThat(laptop.getList("signals.id")).containsExactly(message);

    cleanup.cleanUp(keepUntil.minusSeconds(1)).await().atMost(Duration.ofSeconds(10));
    assertThat(rowExists(message)).isTrue();
    cleanup.cleanUp(keepUntil.plusSeconds(1)).await().atMost(Duration.ofSeconds(10));
    assertThat(rowExists(message)).as("deleted once its time ran out").isFalse();
    assertThat(given().get("/q/metrics").then().extract().asString())
        .contains("signal_store_signals_expired_total{state=\"kept\"");
  }

  @Test
  void anEventLeftInTheStreamOfTheLayoutBeforeShardsIsStillStored() {
    // An upgraded deployment may hold events appended before the signal stream was sharded.
    User bob = accounts.create("bob");
    String signalId = UUID.randomUUID().toString();
    redis.stream(String.class)
        .xadd(StreamNames.SIGNAL_EVENTS, RoutedSignals.entry(signalId, bob.id(), 1));

    assertThat(awaitSignals(bob, 0, 1).getList("signals.id")).containsExactly(signalId);
    assertThat(pendingEntries()).isZero();
  }

  @Test
  void redeliveredEventCreatesNoSecondRow() {
    User bob = accounts.create("bob");
    String signalId = UUID.randomUUID().toString();
    events.publish(signalId, bob.id(), 1);
    events.publish(signalId, bob.id(), 1);
    events.publish(bob.id(), 2);

    JsonPath page = awaitSignals(bob, 0, 2);
    assertThat(page.getList("signals.id"))
        .containsExactly(signalId, page.getString("signals[1].id"));
    assertThat(rowsFor(bob)).isEqualTo(2);
    assertThat(pendingEntries()).isZero();
  }

  @Test
  void entriesOfACrashedConsumerAreReclaimed() {
    User bob = accounts.create("bob");
    // One atomic script appends three events and hands them to a consumer that then "crashes":
    // they are pending for it and the service's own reads never see them.
    List<String> ids = new ArrayList<>();
    List<String> args = new ArrayList<>();
    args.add(
        """
        for i = 1, 3 do
          redis.call('XADD', KEYS[1], '*', 'id', ARGV[i * 2 - 1], 'type', 'signal.routed',
                     'version', '1', 'occurredAt', '2026-11-21T10:00:00Z',
                     'source', 'signaling-service', 'subject', ARGV[7], 'data', ARGV[i * 2])
        end
        return redis.call('XREADGROUP', 'GROUP', 'signal-store', 'crashed-consumer',
                          'COUNT', 3, 'STREAMS', KEYS[1], '>')
        """);
    args.add("1");
    args.add(RoutedSignals.streamOf(bob.id()));
    for (int seq = 1; seq <= 3; seq++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      args.add(id);
      args.add(RoutedSignals.entry(id, bob.id(), seq).get("data"));
    }
    args.add(bob.id());
    redis.execute("EVAL", args.toArray(String[]::new));

    // Reclaimed after 2 s of idleness (test setting) and stored.
    JsonPath page = awaitSignals(bob, 0, 3);
    assertThat(page.getList("signals.id")).containsExactlyElementsOf(ids);
    await().atMost(Duration.ofSeconds(10)).until(() -> pendingEntries() == 0);
  }

  @Test
  void unreadableEventIsDeadLetteredAndTheRestFlows() {
    User bob = accounts.create("bob");
    var entry = RoutedSignals.entry(UUID.randomUUID().toString(), bob.id(), 1);
    entry.put("data", "{\"signalId\":\"not-a-uuid\"");
    String streamId = redis.stream(String.class).xadd(RoutedSignals.streamOf(bob.id()), entry);
    String good = events.publish(bob.id(), 1);

    assertThat(awaitSignals(bob, 0, 1).getList("signals.id")).containsExactly(good);
    await().atMost(Duration.ofSeconds(10)).until(() -> deadLetterFor(streamId) != null);
    assertThat(deadLetterFor(streamId).payload().get("deadLetter.reason"))
        .startsWith("unreadable event");
    assertThat(pendingEntries()).isZero();
  }

  @Test
  void longPollAnswersAsSoonAsASignalIsStored() throws Exception {
    User bob = accounts.create("bob");
    long started = System.nanoTime();
    CompletableFuture<HttpResponse<String>> poll = longPoll(bob, 0, 20);
    awaitOpenPolls(bob, 1);
    assertThat(poll).isNotDone();
    String id = events.publish(bob.id(), 1);

    HttpResponse<String> response = poll.get(10, TimeUnit.SECONDS);
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonPath(response.body()).getList("signals.id")).containsExactly(id);
    assertThat(elapsedMillis).isLessThan(10_000);
  }

  @Test
  void longPollTimesOutEmpty() throws Exception {
    User bob = accounts.create("bob");
    long started = System.nanoTime();
    HttpResponse<String> response = longPoll(bob, 0, 1).get(10, TimeUnit.SECONDS);
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonPath page = new JsonPath(response.body());
    assertThat(page.getList("signals")).isEmpty();
    assertThat(page.getLong("lastSeq")).isZero();
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(1_000);
  }

  @Test
  void aUserSeesAndAcknowledgesOnlyTheirOwnSignals() {
    User alice = accounts.create("alice");
    User mallory = accounts.create("mallory");
    String forAlice = events.publish(alice.id(), 1);
    awaitSignals(alice, 0, 1);

    assertThat(
            inbox(mallory, "?after=0")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("signals"))
        .isEmpty();
    given()
        .auth()
        .oauth2(mallory.accessToken())
        .contentType("application/json")
        .body("{\"seq\":1}")
        .post("/api/inbox/ack")
        .then()
        .statusCode(200);
    assertThat(ackedAt(forAlice)).isNull();
    // There is no parameter that names a recipient.
    inbox(mallory, "?after=0&recipientId=" + alice.id())
        .then()
        .statusCode(200)
        .body("signals.size()", equalTo(0));
  }

  @Test
  void signalsAfterAGapWaitUntilTheGapFillsOrIsOld() {
    User bob = accounts.create("bob");
    events.publish(bob.id(), 1);
    String third = events.publish(bob.id(), 3);
    JsonPath held = awaitSignals(bob, 0, 1);
    assertThat(held.getBoolean("more")).isTrue();
    assertThat(held.getLong("lastSeq")).isEqualTo(1);

    String second = events.publish(bob.id(), 2);
    assertThat(awaitSignals(bob, 1, 2).getList("signals.id")).containsExactly(second, third);

    // A gap that never fills (4 is missing) is skipped once older than the grace (2 s).
    String fifth = events.publish(bob.id(), 5);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(inbox(bob, "?after=3").jsonPath().getList("signals.id"))
                    .containsExactly(fifth));
  }

  @Test
  void numbersLeftOutOnPurposeAreNotWaitedFor() {
    User bob = accounts.create("bob");
    String offer = events.publish(bob.id(), 1);
    // 2..4 were ICE candidates to Bob's live WebSockets: kept in signaling's replay buffer only.
    String hangup = events.publishAfterLeftOut(bob.id(), 5, 1);

    JsonPath page = awaitSignals(bob, 0, 2);
    assertThat(page.getList("signals.id")).containsExactly(offer, hangup);
    assertThat(page.getLong("lastSeq")).isEqualTo(5);
    assertThat(page.getBoolean("more")).isFalse();
    // A device whose socket saw candidate 3 before it fell back to the inbox goes on from there.
    assertThat(inbox(bob, "?after=3").jsonPath().getList("signals.id")).containsExactly(hangup);
  }

  @Test
  void anEventNamingAPreviousSignalAtOrAfterItselfIsDeadLettered() {
    User bob = accounts.create("bob");
    var entry = RoutedSignals.entry(UUID.randomUUID().toString(), bob.id(), 3, null, 3L);
    String streamId = redis.stream(String.class).xadd(RoutedSignals.streamOf(bob.id()), entry);

    await().atMost(Duration.ofSeconds(10)).until(() -> deadLetterFor(streamId) != null);
    assertThat(deadLetterFor(streamId).payload().get("deadLetter.reason"))
        .startsWith("unreadable event");
    assertThat(inbox(bob, "?after=0").jsonPath().getList("signals")).isEmpty();
  }

  @Test
  void badRequestsGetProblemDetails() {
    User bob = accounts.create("bob");
    given()
        .get("/api/inbox")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:cybernet-call:problem:unauthenticated"));
    given().auth().oauth2("not-a-token").get("/api/inbox").then().statusCode(401);
    for (String query : List.of("?after=-1", "?after=x", "?limit=0", "?limit=501", "?wait=31")) {
      inbox(bob, query)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("type", equalTo("urn:cybernet-call:problem:invalid-parameter"));
    }
    for (String body :
        List.of("{}", "{\"seq\":-1}", "{\"seq\":1,\"seq\":2}", "{\"seq\":1,\"x\":1}", "[]", "{")) {
      given()
          .auth()
          .oauth2(bob.accessToken())
          .contentType("application/json")
          .body(body)
          .post("/api/inbox/ack")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("type", startsWith("urn:cybernet-call:problem:"));
    }
    given()
        .auth()
        .oauth2(bob.accessToken())
        .contentType("application/json")
        .body("{\"seq\":1,\"pad\":\"" + "x".repeat(2048) + "\"}")
        .post("/api/inbox/ack")
        .then()
        .statusCode(413);
  }

  @Test
  void concurrentLongPollsPerUserAreBounded() throws Exception {
    User bob = accounts.create("bob");
    List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      polls.add(longPoll(bob, 0, 5));
    }
    awaitOpenPolls(bob, 3);
    HttpResponse<String> refused = longPoll(bob, 0, 5).get(10, TimeUnit.SECONDS);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(new JsonPath(refused.body()).getString("type"))
        .isEqualTo("urn:cybernet-call:problem:rate-limited");
    // All three held polls are answered by one signal.
    String id = events.publish(bob.id(), 1);
    for (CompletableFuture<HttpResponse<String>> poll : polls) {
      assertThat(new JsonPath(poll.get(10, TimeUnit.SECONDS).body()).getList("signals.id"))
          .containsExactly(id);
    }
  }

  @Test
  void longPollingCountsAsOnlineUntilTheGraceAfterTheLastPoll() throws Exception {
    User bob = accounts.create("bob");
    longPoll(bob, 0, 1).get(10, TimeUnit.SECONDS);
    assertThat(inboxEvents(bob)).containsExactly("inbox.polling-started");
    // A plain fetch is not a long-poll and changes nothing.
    inbox(bob, "?after=0").then().statusCode(200);
    // Presence grace is 2 s in tests; the sweep runs every second.
    await().atMost(Duration.ofSeconds(10)).until(() -> inboxEvents(bob).size() == 2);
    assertThat(inboxEvents(bob)).containsExactly("inbox.polling-started", "inbox.polling-stopped");
  }

  private io.restassured.response.Response inbox(User user, String query) {
    return given().auth().oauth2(user.accessToken()).get("/api/inbox" + query);
  }

  private JsonPath awaitSignals(User user, long after, int count) {
    List<JsonPath> last = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              JsonPath page =
                  inbox(user, "?after=" + after).then().statusCode(200).extract().jsonPath();
              last.add(0, page);
              return page.getList("signals").size() >= count;
            });
    return last.get(0);
  }

  private CompletableFuture<HttpResponse<String>> longPoll(User user, long after, int wait) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/api/inbox?after=" + after + "&wait=" + wait))
            .header("Authorization", "Bearer " + user.accessToken())
            .timeout(Duration.ofSeconds(wait + 10))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private List<String> inboxEvents(User user) {
    return redis.stream(String.class)
        .xrange(
            StreamNames.INBOX_EVENTS, io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"))
        .stream()
        .filter(m -> user.id().equals(m.payload().get("subject")))
        .map(m -> m.payload().get("type"))
        .toList();
  }

  private StreamMessage<String, String, String> deadLetterFor(String streamId) {
    return redis.stream(String.class)
        .xrange(DEAD_LETTERS, io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"))
        .stream()
        .filter(m -> streamId.equals(m.payload().get("deadLetter.streamId")))
        .findFirst()
        .orElse(null);
  }

  private long pendingEntries() {
    return RoutedSignals.pending(redis);
  }

  private Object ackedAt(String signalId) {
    return pool.preparedQuery("select acked_at from stored_signal where signal_id = $1")
        .execute(Tuple.of(UUID.fromString(signalId)))
        .await()
        .atMost(Duration.ofSeconds(5))
        .iterator()
        .next()
        .getValue(0);
  }

  private boolean rowExists(String signalId) {
    return pool.preparedQuery("select 1 from stored_signal where signal_id = $1")
            .execute(Tuple.of(UUID.fromString(signalId)))
            .await()
            .atMost(Duration.ofSeconds(5))
            .rowCount()
        == 1;
  }

  private long rowsFor(User user) {
    return pool.preparedQuery("select count(*) from stored_signal where recipient_id = $1")
        .execute(Tuple.of(UUID.fromString(user.id())))
        .await()
        .atMost(Duration.ofSeconds(5))
        .iterator()
        .next()
        .getLong(0);
  }

  /** Waits until the store holds {@code count} long-polls of the user open (they are admitted). */
  private void awaitOpenPolls(User user, int count) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                redis
                        .sortedSet(String.class)
                        .zcard("cybernet:store:{cybernet:events:inbox}:polls:" + user.id())
                    == count);
  }
}
