// Two scripted clients exercise the running stack end to end: they register with auth-service,
// become contacts, connect to signaling-service and exchange an offer and an answer.
//
//   java --class-path test-support/target/classes scripts/SignalingDemo.java \
//       [--long-poll] [auth URL] [signaling URL] [signal-store URL]
//
// With --long-poll, bob never opens a WebSocket: he takes his welcome over HTTP, receives the offer
// by long-polling signal-store-service and sends his answer with POST /api/signals.
//
// Single-file Java (JDK 17+) on the project's one signaling client, SignalingSocket (JDK only), so
// it runs with test-support's classes on the class path:
//
//   java --class-path test-support/target/classes scripts/SignalingDemo.java
import io.cybernetcall.testsupport.SealedPayloads;
import io.cybernetcall.testsupport.SignalingSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class SignalingDemo {

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String PASSWORD = "demo passphrase " + UUID.randomUUID();

  public static void main(String[] args) throws Exception {
    boolean longPoll = args.length > 0 && args[0].equals("--long-poll");
    if (longPoll) {
      args = java.util.Arrays.copyOfRange(args, 1, args.length);
    }
    String auth = args.length > 0 ? args[0] : "http://localhost:8081";
    String signaling = args.length > 1 ? args[1] : "http://localhost:8082";
    String store = args.length > 2 ? args[2] : "http://localhost:8083";
    String suffix = UUID.randomUUID().toString().substring(0, 8);

    String[] alice = account(auth, "alice" + suffix);
    String[] bob = account(auth, "bob" + suffix);
    call(auth, "POST", "/api/contacts/requests", alice[1], "{\"username\":\"bob" + suffix + "\"}", 200);
    call(auth, "POST", "/api/contacts/" + alice[0] + "/accept", bob[1], null, 200);
    System.out.println("registered alice" + suffix + " and bob" + suffix + ", now contacts");

    SignalingSocket a = SignalingSocket.connect(signaling, alice[1]);
    a.next("welcome");
    if (longPoll) {
      httpOnlyBob(signaling, store, alice, bob, a, "demo-" + suffix);
      return;
    }
    SignalingSocket b = SignalingSocket.connect(signaling, bob[1]);
    b.next("welcome");
    System.out.println("both connected; alice is told: " + a.next("presence"));

    String callId = "demo-" + suffix;
    a.send("{\"type\":\"offer\",\"to\":\"" + bob[0] + "\",\"callId\":\"" + callId
        + "\",\"media\":\"data\",\"sealed\":" + SealedPayloads.json() + "}");
    String offer = b.next("offer");
    System.out.println("bob received:   " + offer);
    b.send("{\"type\":\"answer\",\"to\":\"" + alice[0] + "\",\"callId\":\"" + callId
        + "\",\"sealed\":" + SealedPayloads.json() + "}");
    String answer = a.next("answer");
    System.out.println("alice received: " + answer);
    if (!offer.contains("\"userId\":\"" + alice[0] + "\"") || !answer.contains("\"userId\":\"" + bob[0] + "\"")) {
      throw new IllegalStateException("sender identity was not set by the server");
    }
    a.close();
    b.close();
    System.out.println("OK: offer/answer exchanged through the running stack");
  }

  /** Bob without a WebSocket: welcome over HTTP, long-poll for the offer, answer over HTTP. */
  static void httpOnlyBob(String signaling, String store, String[] alice, String[] bob, SignalingSocket a, String callId)
      throws Exception {
    String welcome = call(signaling, "GET", "/api/welcome", bob[1], null, 200);
    System.out.println("bob's welcome over HTTP: " + welcome.substring(0, Math.min(welcome.length(), 160)) + "…");
    a.send("{\"type\":\"offer\",\"to\":\"" + bob[0] + "\",\"callId\":\"" + callId
        + "\",\"media\":\"data\",\"sealed\":" + SealedPayloads.json() + "}");
    long started = System.nanoTime();
    String page = call(store, "GET", "/api/inbox?after=0&wait=25", bob[1], null, 200);
    System.out.printf("bob long-polled (%d ms): %s%n", (System.nanoTime() - started) / 1_000_000, page);
    if (!page.contains("\"type\":\"offer\"") || !page.contains("\"userId\":\"" + alice[0] + "\"")) {
      throw new IllegalStateException("the offer did not arrive by long-poll");
    }
    call(store, "POST", "/api/inbox/ack", bob[1], "{\"seq\":" + field(page, "\"lastSeq\":(\\d+)") + "}", 200);
    call(signaling, "POST", "/api/signals", bob[1], "{\"type\":\"answer\",\"to\":\"" + alice[0]
        + "\",\"callId\":\"" + callId + "\",\"sealed\":" + SealedPayloads.json() + "}", 202);
    String answer = a.next("answer");
    System.out.println("alice received: " + answer);
    if (!answer.contains("\"userId\":\"" + bob[0] + "\"")) {
      throw new IllegalStateException("sender identity was not set by the server");
    }
    a.close();
    System.out.println("OK: offer/answer exchanged between a WebSocket client and one without");
  }

  /** Registers and logs in; returns {userId, accessToken}. */
  static String[] account(String auth, String username) throws Exception {
    call(auth, "POST", "/api/auth/register", null,
        "{\"username\":\"" + username + "\",\"email\":\"" + username + "@example.test\","
            + "\"displayName\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}", 201);
    String tokens = call(auth, "POST", "/api/auth/login", null,
        "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}", 200);
    return new String[] {field(tokens, "\"user\":\\{\"id\":\"([^\"]+)\""), field(tokens, "\"accessToken\":\"([^\"]+)\"")};
  }

  static String call(String base, String method, String path, String token, String body, int expected) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  static String field(String json, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(json);
    if (!matcher.find()) {
      throw new IllegalStateException("no " + regex + " in " + json);
    }
    return matcher.group(1);
  }
}
