package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.cybernetcall.auth.support.Accounts;
import io.cybernetcall.auth.support.Accounts.Account;
import io.cybernetcall.auth.support.EventLog;
import io.cybernetcall.contracts.events.EventFields;
import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.StreamNames;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ContactTest {

  private static final String PROBLEM = "application/problem+json";

  @Inject EventLog events;

  @Test
  void requestAcceptRemoveLifecycleWithOneEventPerChange() {
    Account alice = Accounts.create("alice");
    Account bob = Accounts.create("bob");

    request(alice, bob.username()).then().statusCode(200).body("state", equalTo("OUTGOING"));
    contacts(bob)
        .then()
        .body("find { it.userId == '%s' }.state".formatted(alice.id()), equalTo("INCOMING"));
    relation(alice, bob).then().body("state", equalTo("OUTGOING"));

    accept(bob, alice).then().statusCode(200).body("state", equalTo("ACCEPTED"));
    contacts(alice)
        .then()
        .body("userId", contains(bob.id()))
        .body("[0].state", equalTo("ACCEPTED"))
        .body("[0].displayName", equalTo("User " + bob.username()));
    contacts(bob).then().body("[0].state", equalTo("ACCEPTED"));

    given()
        .header("Authorization", alice.bearer())
        .delete("/api/contacts/" + bob.id())
        .then()
        .statusCode(204);
    contacts(alice).then().body("$", empty());
    contacts(bob).then().body("$", empty());

    var requested =
        events.awaitExactly(StreamNames.CONTACT_EVENTS, EventTypes.CONTACT_REQUESTED, bob.id(), 1);
    assertThat(requested.get(0).get(EventFields.DATA))
        .contains("\"requesterId\":\"" + alice.id() + "\"")
        .contains("\"recipientEmail\":\"" + bob.email() + "\"");
    var accepted =
        events.awaitExactly(StreamNames.CONTACT_EVENTS, EventTypes.CONTACT_ACCEPTED, bob.id(), 1);
    assertThat(accepted.get(0).get(EventFields.DATA)).contains(alice.id());
    var removed =
        events.awaitExactly(StreamNames.CONTACT_EVENTS, EventTypes.CONTACT_REMOVED, alice.id(), 1);
    assertThat(removed.get(0).get(EventFields.DATA)).contains("\"contactId\":\"" + bob.id() + "\"");
  }

  @Test
  void crossingRequestsBecomeAContact() {
    Account a = Accounts.create("cross");
    Account b = Accounts.create("cross");
    request(a, b.username()).then().statusCode(200);
    request(b, a.username()).then().statusCode(200).body("state", equalTo("ACCEPTED"));
    relation(a, b).then().body("state", equalTo("ACCEPTED"));
  }

  @Test
  void repeatedRequestIsIdempotentAndPublishesOnce() {
    Account a = Accounts.create("again");
    Account b = Accounts.create("again");
    request(a, b.username()).then().statusCode(200);
    request(a, b.username()).then().statusCode(200).body("state", equalTo("OUTGOING"));
    assertThat(
            events.awaitExactly(
                StreamNames.CONTACT_EVENTS, EventTypes.CONTACT_REQUESTED, b.id(), 1))
        .hasSize(1);
  }

  @Test
  void declineRemovesTheRequestWithoutMakingContacts() {
    Account a = Accounts.create("decl");
    Account b = Accounts.create("decl");
    request(a, b.username()).then().statusCode(200);
    given()
        .header("Authorization", b.bearer())
        .post("/api/contacts/" + a.id() + "/decline")
        .then()
        .statusCode(204);
    relation(a, b).then().body("state", equalTo("NONE"));
    // The requester cannot accept their own request.
    request(a, b.username()).then().statusCode(200);
    accept(a, b).then().statusCode(404).contentType(PROBLEM);
  }

  @Test
  void blockEndsTheContactHidesFromSearchAndSwallowsRequests() {
    Account blocker = Accounts.create("blocker");
    Account pest = Accounts.create("pest");
    request(pest, blocker.username()).then().statusCode(200);
    accept(blocker, pest).then().statusCode(200);

    given()
        .header("Authorization", blocker.bearer())
        .put("/api/contacts/" + pest.id() + "/block")
        .then()
        .statusCode(200)
        .body("state", equalTo("BLOCKED"));
    // Idempotent, and only one event.
    given()
        .header("Authorization", blocker.bearer())
        .put("/api/contacts/" + pest.id() + "/block")
        .then()
        .statusCode(200);
    var blocked =
        events.awaitExactly(
            StreamNames.CONTACT_EVENTS, EventTypes.CONTACT_BLOCKED, blocker.id(), 1);
    assertThat(blocked.get(0).get(EventFields.DATA))
        .contains("\"blockedUserId\":\"" + pest.id() + "\"");

    contacts(blocker)
        .then()
        .body("userId", contains(pest.id()))
        .body("[0].state", equalTo("BLOCKED"));
    contacts(pest).then().body("$", empty());
    // The blocked user's new request looks sent but never arrives.
    request(pest, blocker.username()).then().statusCode(200).body("state", equalTo("OUTGOING"));
    contacts(blocker).then().body("state", not(hasItem("INCOMING")));
    // ...and the blocker no longer appears in the blocked user's search.
    search(pest, blocker.username()).then().statusCode(200).body("id", not(hasItem(blocker.id())));
    // The blocker cannot request until unblocking.
    request(blocker, pest.username()).then().statusCode(409).contentType(PROBLEM);

    given()
        .header("Authorization", blocker.bearer())
        .delete("/api/contacts/" + pest.id() + "/block")
        .then()
        .statusCode(204);
    given()
        .header("Authorization", blocker.bearer())
        .delete("/api/contacts/" + pest.id() + "/block")
        .then()
        .statusCode(404)
        .contentType(PROBLEM);
    // Asking back answers the request that was swallowed while blocked.
    request(blocker, pest.username()).then().statusCode(200).body("state", equalTo("ACCEPTED"));
    relation(pest, blocker).then().body("state", equalTo("ACCEPTED"));
  }

  @Test
  void searchFindsByPrefixExcludingSelf() {
    String prefix = Accounts.uniqueName("srch");
    Account me = registerAndLogin(prefix + "me");
    Account other = registerAndLogin(prefix + "other");
    search(me, prefix.toUpperCase())
        .then()
        .statusCode(200)
        .body("id", contains(other.id()))
        .body("[0].username", equalTo(other.username()))
        .body("[0]", not(org.hamcrest.Matchers.hasKey("email")));
  }

  @Test
  void searchNeedsAPrefixAndIsRateLimited() {
    Account me = Accounts.create("limit");
    search(me, "a").then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("q"));
    given().header("Authorization", me.bearer()).get("/api/users/search").then().statusCode(400);
    int status = 200;
    for (int i = 0; i < 31 && status == 200; i++) {
      status = search(me, "zz" + i).statusCode();
    }
    assertThat(status).isEqualTo(429);
  }

  @Test
  void badTargetsAreClearErrors() {
    Account me = Accounts.create("bad");
    request(me, me.username()).then().statusCode(400).contentType(PROBLEM);
    request(me, Accounts.uniqueName("ghost")).then().statusCode(404).contentType(PROBLEM);
    given()
        .header("Authorization", me.bearer())
        .put("/api/contacts/" + me.id() + "/block")
        .then()
        .statusCode(400);
    given()
        .header("Authorization", me.bearer())
        .put("/api/contacts/" + UUID.randomUUID() + "/block")
        .then()
        .statusCode(404)
        .contentType(PROBLEM);
    given()
        .header("Authorization", me.bearer())
        .delete("/api/contacts/not-a-uuid")
        .then()
        .statusCode(404)
        .contentType(PROBLEM);
    given()
        .header("Authorization", me.bearer())
        .delete("/api/contacts/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType(PROBLEM);
    given()
        .header("Authorization", me.bearer())
        .contentType(ContentType.JSON)
        .body(Map.of("username", "x", "from", "someone-else"))
        .post("/api/contacts/requests")
        .then()
        .statusCode(400)
        .contentType(PROBLEM);
  }

  @Test
  void contactsNeedAuthentication() {
    given().get("/api/contacts").then().statusCode(401).contentType(PROBLEM);
    given().get("/api/users/search?q=abc").then().statusCode(401).contentType(PROBLEM);
  }

  private static Account registerAndLogin(String username) {
    given()
        .contentType(ContentType.JSON)
        .body(Accounts.registration(username))
        .post("/api/auth/register")
        .then()
        .statusCode(201);
    return Accounts.login(username, Accounts.PASSWORD);
  }

  private static Response request(Account from, String username) {
    return given()
        .header("Authorization", from.bearer())
        .contentType(ContentType.JSON)
        .body(Map.of("username", username))
        .post("/api/contacts/requests");
  }

  private static Response accept(Account who, Account requester) {
    return given()
        .header("Authorization", who.bearer())
        .post("/api/contacts/" + requester.id() + "/accept");
  }

  private static Response contacts(Account who) {
    return given().header("Authorization", who.bearer()).get("/api/contacts");
  }

  private static Response relation(Account who, Account other) {
    return given().header("Authorization", who.bearer()).get("/api/contacts/" + other.id());
  }

  private static Response search(Account who, String q) {
    return given()
        .header("Authorization", who.bearer())
        .queryParam("q", q)
        .get("/api/users/search");
  }
}
