package io.cybernetcall.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A 5xx refusal is recorded as failed, shown to operators, and never retried. */
@QuarkusTest
@QuarkusTestResource(value = RejectingSmtp.class, restrictToAnnotatedClass = true)
class PermanentFailureTest {

  @Inject RedisDataSource redis;

  RejectingSmtp.Recorder smtp;

  @Test
  void permanentRefusalIsRecordedOnceAndNotRetried() throws Exception {
    String address = "nobody-" + UUID.randomUUID() + "@example.test";
    new CallEvents(redis).registered(UUID.randomUUID().toString(), address);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(failedFor(address)).isNotEmpty());
    Map<String, Object> failed = failedFor(address).get(0);
    assertThat(failed.get("kind")).isEqualTo("welcome");
    assertThat(failed.get("attempts")).isEqualTo(1);
    assertThat((String) failed.get("lastError")).contains("550");
    int asked = smtp.recipientsRefused.get();
    // Retries would come within 0.2–1 s (test backoff): none comes for longer than that.
    await()
        .during(Duration.ofMillis(1_500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> smtp.recipientsRefused.get() == asked);

    given()
        .get("/admin/notifications/failed")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    given()
        .header("Authorization", "Bearer wrong")
        .get("/admin/notifications/failed")
        .then()
        .statusCode(401);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("notification_emails_failed_total{kind=\"welcome\"} 1.0");
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'smtp' }.data.reachable", equalTo(true));
  }

  private List<Map<String, Object>> failedFor(String address) {
    List<Map<String, Object>> items =
        given()
            .header("Authorization", "Bearer test-admin-token")
            .get("/admin/notifications/failed")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items");
    return items.stream().filter(item -> address.equals(item.get("email"))).toList();
  }
}
