package io.cybernetcall.signalstore;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.TcpProxy;
import io.cybernetcall.testsupport.WithAuthService;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** PostgreSQL goes away mid-run and comes back: 503s meanwhile, then recovery, nothing lost. */
@QuarkusTest
@QuarkusTestResource(value = PostgresProxy.class, restrictToAnnotatedClass = true)
@WithAuthService(database = "cybernet_auth_store", redisDb = "5")
class DatabaseOutageTest {

  @ConfigProperty(name = AuthServiceProcess.ISSUER_PROPERTY)
  String issuer;

  @Inject RedisDataSource redis;

  TcpProxy database;

  @Test
  void unreachableDatabaseAnswers503ThenRecoversWithoutLosingASignal() {
    RoutedSignals events = new RoutedSignals(redis);
    User bob = new RealAccounts(issuer).create("bob");
    List<String> sent = new ArrayList<>();
    sent.add(events.publish(bob.id(), 1));
    sent.add(events.publish(bob.id(), 2));
    await().atMost(Duration.ofSeconds(15)).until(() -> inbox(bob).getList("signals").size() == 2);

    database.stop();
    try {
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  given()
                      .auth()
                      .oauth2(bob.accessToken())
                      .get("/api/inbox?after=0")
                      .then()
                      .statusCode(503)
                      .contentType("application/problem+json")
                      .header("Retry-After", "2")
                      .body("type", equalTo("urn:cybernet-call:problem:unavailable")));
      given()
          .auth()
          .oauth2(bob.accessToken())
          .contentType("application/json")
          .body("{\"seq\":1}")
          .post("/api/inbox/ack")
          .then()
          .statusCode(503);
      given().get("/q/health/ready").then().statusCode(503);
      given().get("/q/health/live").then().statusCode(200);
      // Routed while the database is away: they wait in the stream, pending.
      for (int seq = 3; seq <= 5; seq++) {
        sent.add(events.publish(bob.id(), seq));
      }
      // The consumer has read one and keeps it pending while PostgreSQL is away; it reads no
      // further until that one is stored, so the others wait in the stream.
      await().atMost(Duration.ofSeconds(15)).until(() -> RoutedSignals.pending(redis) >= 1);
    } finally {
      database.start();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(inbox(bob).getList("signals.id")).containsExactlyElementsOf(sent));
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
  }

  private JsonPath inbox(User user) {
    return given()
        .auth()
        .oauth2(user.accessToken())
        .get("/api/inbox?after=0")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
