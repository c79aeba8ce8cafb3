package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.cybernetcall.auth.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** With one hashing slot and no queueing, a burst gets clean 503s instead of a CPU pile-up. */
@QuarkusTest
@TestProfile(HashingCapacityTest.OneHashAtATime.class)
class HashingCapacityTest {

  public static class OneHashAtATime implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "auth.password.max-concurrent-hashes", "1",
          "auth.password.queue-timeout", "PT0.001S");
    }
  }

  @Test
  void burstBeyondTheHashingSlotsIsTurnedAwayWithRetryAfter() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Response>> registrations = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        registrations.add(
            () ->
                given()
                    .contentType(ContentType.JSON)
                    .body(Accounts.registration(Accounts.uniqueName("cap")))
                    .post("/api/auth/register"));
      }
      int created = 0;
      int turnedAway = 0;
      for (Future<Response> result : pool.invokeAll(registrations)) {
        Response response = result.get();
        if (response.statusCode() == 201) {
          created++;
        } else {
          assertThat(response.statusCode()).isEqualTo(503);
          assertThat(response.header("Retry-After")).isEqualTo("1");
          assertThat(response.contentType()).startsWith("application/problem+json");
          turnedAway++;
        }
      }
      assertThat(created).isPositive();
      assertThat(turnedAway).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }
}
