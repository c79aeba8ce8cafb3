package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.cybernetcall.auth.support.Accounts;
import io.cybernetcall.auth.support.EventLog;
import io.cybernetcall.contracts.events.EventFields;
import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.StreamNames;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class RegistrationTest {

  private static final String PROBLEM = "application/problem+json";

  @Inject EventLog events;

  @Test
  void registersAndPublishesRegistrationAndVerificationEventsOnce() {
    String username = Accounts.uniqueName("Reg");
    String id =
        given()
            .contentType(ContentType.JSON)
            .body(Accounts.registration(username))
            .post("/api/auth/register")
            .then()
            .statusCode(201)
            .header("Location", containsString("/api/auth/me"))
            .body("username", equalTo(username.toLowerCase()))
            .body("email", equalTo(username.toLowerCase() + "@example.test"))
            .body("emailVerified", equalTo(false))
            .body("$", not(org.hamcrest.Matchers.hasKey("passwordHash")))
            .extract()
            .path("id");

    List<Map<String, String>> registered =
        events.awaitExactly(StreamNames.USER_EVENTS, EventTypes.USER_REGISTERED, id, 1);
    assertThat(registered).hasSize(1);
    assertThat(registered.get(0).get(EventFields.DATA))
        .contains("\"username\":\"" + username.toLowerCase() + "\"")
        .doesNotContain("password");
    List<Map<String, String>> verification =
        events.awaitExactly(
            StreamNames.USER_EVENTS, EventTypes.USER_EMAIL_VERIFICATION_REQUESTED, id, 1);
    assertThat(verification).hasSize(1);
    assertThat(verification.get(0).get(EventFields.DATA)).contains("\"token\":\"");
  }

  @Test
  void duplicateUsernameIgnoringCaseIsConflict() {
    String username = Accounts.uniqueName("dup");
    register(Accounts.registration(username)).then().statusCode(201);
    Map<String, Object> again = new HashMap<>(Accounts.registration(username.toUpperCase()));
    again.put("email", "other-" + username + "@example.test");
    register(again)
        .then()
        .statusCode(409)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:username-taken"))
        .body("status", equalTo(409))
        .body("errors.field", hasItem("username"));
  }

  @Test
  void duplicateEmailIsConflict() {
    String username = Accounts.uniqueName("dupmail");
    register(Accounts.registration(username)).then().statusCode(201);
    Map<String, Object> again = new HashMap<>(Accounts.registration(Accounts.uniqueName("other")));
    again.put("email", username.toUpperCase() + "@EXAMPLE.test");
    register(again)
        .then()
        .statusCode(409)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:email-taken"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "short1!     | at least 10 characters",
        "password123 | too common",
        "aaaaaaaaaaaaaa | too few different characters",
        "USERNAME-and-more | must not contain the username",
      })
  void weakPasswordsAreRefusedSayingWhy(String password, String reason) {
    String username = Accounts.uniqueName("weak");
    Map<String, Object> body = new HashMap<>(Accounts.registration(username));
    body.put("password", password.replace("USERNAME", username));
    register(body)
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:weak-password"))
        .body("detail", containsString(reason))
        .body("errors.field", hasItem("password"));
    // Nothing was created: the same username is still free.
    register(Accounts.registration(username)).then().statusCode(201);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "username    | ab",
        "username    | has space",
        "username    | -leadingdash",
        "username    | waytoolongusername_waytoolongusername",
        "email       | not-an-email",
        "email       | two@@example.test",
        "displayName | '   '",
      })
  void invalidFieldsAreNamedInTheProblem(String field, String value) {
    Map<String, Object> body = new HashMap<>(Accounts.registration(Accounts.uniqueName("inv")));
    body.put(field, value);
    register(body)
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:validation"))
        .body("errors.field", hasItem(field));
  }

  @Test
  void missingFieldsAreEachReported() {
    register(Map.of("username", Accounts.uniqueName("miss")))
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("errors.field", org.hamcrest.Matchers.hasItems("email", "displayName", "password"));
  }

  @Test
  void emptyBodyIsBadRequest() {
    given()
        .contentType(ContentType.JSON)
        .post("/api/auth/register")
        .then()
        .statusCode(400)
        .contentType(PROBLEM);
  }

  @Test
  void malformedJsonIsBadRequest() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"username\": ")
        .post("/api/auth/register")
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:malformed-json"))
        .body("detail", notNullValue())
        .body("detail", not(containsString("io.cybernetcall")));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"username\":\"x\",\"admin\":true} | Unknown field \"admin\".",
        "{\"username\":[\"x\"]} | Field \"username\" is missing or has the wrong type.",
        "[1] | The body must be a JSON object of the documented shape.",
        "42 | The body must be a JSON object of the documented shape.",
        "{\"username\": | The body is not valid JSON (line 1, column 13).",
      })
  void aBadBodyIsExplainedWithoutNamingClassesOrLibraries(String body, String detail) {
    String problem =
        given()
            .contentType(ContentType.JSON)
            .body(body)
            .post("/api/auth/register")
            .then()
            .statusCode(400)
            .contentType(PROBLEM)
            .body("type", equalTo("urn:cybernet-call:problem:malformed-json"))
            .body("detail", equalTo(detail))
            .extract()
            .asString();
    assertThat(problem).doesNotContain("class", "java.", "io.cybernetcall", "jackson", "`");
  }

  @Test
  void bytesThatAreNotJsonTextAreA400NotA500() {
    // Found by fuzzing: the JSON reader takes 00 02 00 00 for UTF-32 in an order it cannot read.
    given()
        .contentType(ContentType.JSON)
        .body(new byte[] {0, 2, 0, 0, 0, 0x7b, 0x7d})
        .post("/api/auth/register")
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:malformed-json"))
        .body("detail", equalTo("The body is not JSON text in UTF-8."));
  }

  @Test
  void duplicateKeysAreRefused() {
    String username = Accounts.uniqueName("dupkey");
    String json =
        "{\"username\":\"%s\",\"username\":\"admin\",\"email\":\"%s@example.test\",\"displayName\":\"x\",\"password\":\"%s\"}"
            .formatted(username, username, Accounts.PASSWORD);
    given()
        .contentType(ContentType.JSON)
        .body(json)
        .post("/api/auth/register")
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:malformed-json"))
        .body("detail", startsWith("A field appears twice (line 1, column "));
  }

  @Test
  void unknownPropertiesAreRefused() {
    Map<String, Object> body = new HashMap<>(Accounts.registration(Accounts.uniqueName("unk")));
    body.put("emailVerified", true);
    register(body)
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:malformed-json"));
  }

  @Test
  void wrongContentTypeIsUnsupported() {
    given()
        .contentType(ContentType.TEXT)
        .body("username=x")
        .post("/api/auth/register")
        .then()
        .statusCode(415)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:unsupported-media-type"));
  }

  @Test
  void oversizedBodyIsRefused() {
    Map<String, Object> body = new HashMap<>(Accounts.registration(Accounts.uniqueName("big")));
    body.put("displayName", "x".repeat(20_000));
    register(body).then().statusCode(413);
  }

  @Test
  void unknownPathIsProblem() {
    given()
        .get("/api/auth/nope")
        .then()
        .statusCode(404)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:not-found"));
  }

  private static io.restassured.response.Response register(Map<String, Object> body) {
    return given().contentType(ContentType.JSON).body(body).post("/api/auth/register");
  }
}
