package io.cybernetcall.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.Keycloak;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.WithAuthService;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = GreenMailResource.class, restrictToAnnotatedClass = true)
@WithAuthService(database = "cybernet_auth_notification", redisDb = "6")
class NotificationFlowTest {

  private static final java.util.regex.Pattern DIGEST =
      java.util.regex.Pattern.compile("(\\d+) more missed calls on Cybernet Call");

  private static final String APP = "http://localhost:8080";

  private String issuer;

  @Inject RedisDataSource redis;
  @Inject AgroalDataSource database;

  private Settled settled() {
    return new Settled(redis, database);
  }

  TestSmtp smtp;

  private RealAccounts accounts;
  private CallEvents events;

  @BeforeEach
  void setUp() {
    // Read here rather than injected: injection points of every test class are validated when any
    // class boots, and PermanentFailureTest runs without the auth-service process.
    issuer = ConfigProvider.getConfig().getValue(AuthServiceProcess.ISSUER_PROPERTY, String.class);
    accounts = new RealAccounts(issuer);
    events = new CallEvents(redis);
  }

  @Test
  void registrationSendsWelcomeAndAVerificationLinkThatWorks() {
    User ada = accounts.create("ada");
    String address = ada.username() + "@example.test";
    List<MimeMessage> mails = awaitMails(address, 2);
    MailParts welcome = find(mails, "Welcome to Cybernet Call");
    MailParts verify = find(mails, "Confirm your email address for Cybernet Call");

    assertThat(welcome.text()).contains("User " + ada.username()).contains(APP + "/");
    assertThat(welcome.html()).contains("<a href=\"" + APP + "/\">");
    assertThat(welcome.listUnsubscribe())
        .startsWith("<" + APP + "/api/notifications/unsubscribe?token=");
    // Account-security mail has no unsubscribe: it cannot be turned off.
    assertThat(verify.listUnsubscribe()).isNull();
    assertThat(verify.html()).contains("Confirm my email address");
    String link = verify.link(APP + "/verify-email?token=");
    String token =
        URLDecoder.decode(link.substring(link.indexOf("token=") + 6), StandardCharsets.UTF_8);
    given()
        .baseUri(issuer)
        .contentType("application/json")
        .body(Map.of("token", token))
        .post("/api/auth/verify-email")
        .then()
        .statusCode(204);
  }

  @Test
  void passwordResetMailCarriesAWorkingLink() {
    User ada = accounts.create("ada");
    String address = ada.username() + "@example.test";
    awaitMails(address, 2);
    given()
        .baseUri(issuer)
        .contentType("application/json")
        .body(Map.of("email", address))
        .post("/api/auth/password-reset")
        .then()
        .statusCode(202);
    MailParts reset = find(awaitMails(address, 3), "Reset your Cybernet Call password");
    assertThat(reset.html()).contains("Choose a new password");
    String link = reset.link(APP + "/reset-password?token=");
    String token =
        URLDecoder.decode(link.substring(link.indexOf("token=") + 6), StandardCharsets.UTF_8);
    given()
        .baseUri(issuer)
        .contentType("application/json")
        .body(Map.of("token", token, "newPassword", "a brand new passphrase 42"))
        .post("/api/auth/password-reset/confirm")
        .then()
        .statusCode(204);
  }

  @Test
  void contactRequestAndMissedCallMailsNameThePeople() {
    User ada = accounts.create("ada");
    User bob = accounts.create("bob");
    String bobAddress = bob.username() + "@example.test";
    awaitMails(bobAddress, 2);
    accounts.connect(ada, bob);
    MailParts request =
        find(
            awaitMails(bobAddress, 3),
            "User " + ada.username() + " wants to connect on Cybernet Call");
    assertThat(request.text()).contains("@" + ada.username()).contains(APP + "/#contacts");

    events.missed(UUID.randomUUID().toString(), ada.id(), bob.id());
    MailParts missed = find(awaitMails(bobAddress, 4), "Missed call from User " + ada.username());
    assertThat(missed.text()).contains("while you were offline").contains("(video)");
    assertThat(missed.html()).contains("Call back");
  }

  @Test
  void aRedeliveredEventSendsOneEmail() {
    User ada = accounts.create("ada");
    User bob = accounts.create("bob");
    String bobAddress = bob.username() + "@example.test";
    awaitMails(bobAddress, 2);
    String eventId = UUID.randomUUID().toString();
    events.missed(eventId, ada.id(), bob.id());
    events.missed(eventId, ada.id(), bob.id());
    awaitMails(bobAddress, 3);
    settled().await(bobAddress);
    assertThat(smtp.to(bobAddress)).hasSize(3);
  }

  @Test
  void aThousandMissedCallsFromOneCallerSendTheCapAndDigestTheRest() {
    User ada = accounts.create("ada");
    User bob = accounts.create("bob");
    String bobAddress = bob.username() + "@example.test";
    awaitMails(bobAddress, 2);
    for (int i = 0; i < 1_000; i++) {
      events.missed(UUID.randomUUID().toString(), ada.id(), bob.id());
    }
    // Three missed-call mails, then digests of the other 997 (digest delay 15 s in tests). One
    // digest when the events are read within the delay; if reading them takes longer (a loaded
    // machine), a digest goes out when due and the rest open the next one: none is lost.
    settled().await(bobAddress, Duration.ofSeconds(90));
    List<String> subjects =
        smtp.to(bobAddress).stream().map(m -> MailParts.of(m).subject()).toList();
    assertThat(subjects.stream().filter(s -> s.startsWith("Missed call"))).hasSize(3);
    List<Integer> digested =
        subjects.stream()
            .map(DIGEST::matcher)
            .filter(java.util.regex.Matcher::matches)
            .map(m -> Integer.parseInt(m.group(1)))
            .toList();
    assertThat(digested).isNotEmpty();
    assertThat(digested.stream().mapToInt(Integer::intValue).sum()).isEqualTo(997);
    assertThat(subjects).hasSize(2 + 3 + digested.size());
    MailParts digest =
        find(smtp.to(bobAddress), digested.get(0) + " more missed calls on Cybernet Call");
    assertThat(digest.text()).contains("User " + ada.username() + " (video)");
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains("notification_emails_throttled_total{folded=\"true\",kind=\"missed-call\"}");
  }

  @Test
  void turnedOffTypesAreNotSentButSecurityMailIs() {
    User ada = accounts.create("ada");
    User bob = accounts.create("bob");
    String bobAddress = bob.username() + "@example.test";
    awaitMails(bobAddress, 2);
    given()
        .auth()
        .oauth2(bob.accessToken())
        .get("/api/notifications/preferences")
        .then()
        .statusCode(200)
        .body("'missed-call'", equalTo(true))
        .body("'contact-request'", equalTo(true));
    given()
        .auth()
        .oauth2(bob.accessToken())
        .contentType("application/json")
        .body("{\"missed-call\":false}")
        .put("/api/notifications/preferences")
        .then()
        .statusCode(200)
        .body("'missed-call'", equalTo(false));
    events.missed(UUID.randomUUID().toString(), ada.id(), bob.id());
    given()
        .baseUri(issuer)
        .contentType("application/json")
        .body(Map.of("email", bobAddress))
        .post("/api/auth/password-reset")
        .then()
        .statusCode(202);
    find(awaitMails(bobAddress, 3), "Reset your Cybernet Call password");
    settled().await(bobAddress);
    assertThat(smtp.to(bobAddress)).hasSize(3);

    for (String body :
        List.of(
            "{\"verify-email\":false}",
            "{\"password-reset\":false}",
            "{\"nonsense\":false}",
            "{\"missed-call\":\"no\"}",
            "{}",
            "{\"missed-call\":true,\"missed-call\":false}")) {
      given()
          .auth()
          .oauth2(bob.accessToken())
          .contentType("application/json")
          .body(body)
          .put("/api/notifications/preferences")
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
    given().get("/api/notifications/preferences").then().statusCode(401);
    // An identity provider's own token opens nothing here: only auth-service's exchange takes it.
    given()
        .auth()
        .oauth2(Keycloak.token(Keycloak.REALM, Keycloak.CLIENT, "carol"))
        .get("/api/notifications/preferences")
        .then()
        .statusCode(401);
  }

  @Test
  void theUnsubscribeLinkWorksAndATamperedOneIsRefused() {
    User ada = accounts.create("ada");
    User bob = accounts.create("bob");
    String bobAddress = bob.username() + "@example.test";
    awaitMails(bobAddress, 2);
    events.missed(UUID.randomUUID().toString(), ada.id(), bob.id());
    MailParts missed = find(awaitMails(bobAddress, 3), "Missed call from User " + ada.username());
    String header = missed.listUnsubscribe();
    String link = header.substring(1, header.length() - 1);
    String path = link.substring(APP.length());
    String token = path.substring(path.indexOf("token=") + 6);

    given()
        .get(path)
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.containsString("<form method=\"post\">"))
        .body(org.hamcrest.Matchers.containsString("Stop missed call emails"));
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
    given()
        .post("/api/notifications/unsubscribe?token=" + tampered)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:cybernet-call:problem:invalid-unsubscribe-link"));
    given().post("/api/notifications/unsubscribe?token=x.y").then().statusCode(400);
    given()
        .auth()
        .oauth2(bob.accessToken())
        .get("/api/notifications/preferences")
        .then()
        .body("'missed-call'", equalTo(true));

    // One-click, as a mail client does it (RFC 8058); the page says what changed and how to undo
    // it.
    given()
        .contentType("application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .post(path)
        .then()
        .statusCode(200)
        .body(
            org.hamcrest.Matchers.containsString(
                "you will no longer get missed call emails from Cybernet Call"))
        .body(org.hamcrest.Matchers.containsString("<a href=\"" + APP + "/\">"))
        .body(org.hamcrest.Matchers.containsString("Settings → Email"));
    given()
        .auth()
        .oauth2(bob.accessToken())
        .get("/api/notifications/preferences")
        .then()
        .body("'missed-call'", equalTo(false));
  }

  @Test
  void smtpDownWhileAHundredEventsArriveThenBackDeliversEachOnce() {
    smtp.stop();
    List<String> addresses = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        String address = "outage-" + UUID.randomUUID() + "@example.test";
        addresses.add(address);
        events.registered(UUID.randomUUID().toString(), address);
      }
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  given()
                      .get("/q/health/ready")
                      .then()
                      .statusCode(200)
                      .body("checks.find { it.name == 'smtp' }.data.reachable", equalTo(false)));
    } finally {
      smtp.start();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> addresses.stream().allMatch(a -> !smtp.to(a).isEmpty()));
    for (String address : addresses) {
      settled().await(address);
      assertThat(smtp.to(address)).as(address).hasSize(1);
    }
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("notification_emails_retried_total{kind=\"welcome\"}");
  }

  @Test
  void eventsACrashedConsumerLeftPendingAreReclaimedAndMailed() {
    // One atomic script appends a registration and hands it to a consumer that then "crashes":
    // it is pending for that consumer and the service's own reads never see it.
    String userId = UUID.randomUUID().toString();
    String address = "reclaimed-" + userId + "@example.test";
    String data =
        "{\"userId\":\"%s\",\"username\":\"r%s\",\"email\":\"%s\",\"displayName\":\"Reclaimed\"}"
            .formatted(userId, userId.substring(0, 8), address);
    redis.execute(
        "EVAL",
        """
        redis.call('XADD', KEYS[1], '*', 'id', ARGV[1], 'type', 'user.registered', 'version', '1',
                   'occurredAt', ARGV[2], 'source', 'auth-service', 'subject', ARGV[3],
                   'data', ARGV[4])
        return redis.call('XREADGROUP', 'GROUP', 'notification', 'crashed-consumer',
                          'COUNT', 1, 'STREAMS', KEYS[1], '>')
        """,
        "1",
        io.cybernetcall.contracts.events.StreamNames.USER_EVENTS,
        UUID.randomUUID().toString(),
        java.time.Instant.now().toString(),
        userId,
        data);
    // Reclaimed after 2 s of idleness (test setting), recorded, mailed once.
    assertThat(find(awaitMails(address, 1), "Welcome to Cybernet Call").text())
        .contains("Reclaimed");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                redis.stream(String.class)
                        .xpending(
                            io.cybernetcall.contracts.events.StreamNames.USER_EVENTS,
                            "notification")
                        .getPendingCount()
                    == 0);
  }

  private List<MimeMessage> awaitMails(String address, int count) {
    await()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> smtp.to(address).size() >= count);
    return smtp.to(address);
  }

  private static MailParts find(List<MimeMessage> mails, String subject) {
    return mails.stream()
        .map(MailParts::of)
        .filter(m -> subject.equals(m.subject()))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no mail '"
                        + subject
                        + "' among "
                        + mails.stream().map(m -> MailParts.of(m).subject()).toList()));
  }
}
