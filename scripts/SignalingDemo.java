// Two scripted clients exercise the running stack end to end: they register with auth-service,
// become contacts, connect to signaling-service and exchange an offer and an answer.
//
//   java scripts/SignalingDemo.java [--long-poll] [auth URL] [signaling URL] [signal-store URL]
//
// With --long-poll, bob never opens a WebSocket: he takes his welcome over HTTP, receives the offer
// by long-polling signal-store-service and sends his answer with POST /api/signals.
//
// Single-file Java (JDK 17+), no dependencies: java.net.http's HTTP and WebSocket clients.
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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

    Client a = new Client(signaling, alice[1]);
    if (longPoll) {
      httpOnlyBob(signaling, store, alice, bob, a, "demo-" + suffix);
      return;
    }
    Client b = new Client(signaling, bob[1]);
    System.out.println("both connected; alice is told: " + a.next("presence"));

    String callId = "demo-" + suffix;
    a.send("{\"type\":\"offer\",\"to\":\"" + bob[0] + "\",\"callId\":\"" + callId
        + "\",\"media\":\"data\",\"sdp\":\"v=0 (demo offer)\"}");
    String offer = b.next("offer");
    System.out.println("bob received:   " + offer);
    b.send("{\"type\":\"answer\",\"to\":\"" + alice[0] + "\",\"callId\":\"" + callId
        + "\",\"sdp\":\"v=0 (demo answer)\"}");
    String answer = a.next("answer");
    System.out.println("alice received: " + answer);
    if (!offer.contains("\"userId\":\"" + alice[0] + "\"") || !answer.contains("\"userId\":\"" + bob[0] + "\"")) {
      throw new IllegalStateException("sender identity was not set by the server");
    }
    a.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    b.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    System.out.println("OK: offer/answer exchanged through the running stack");
  }

  /** Bob without a WebSocket: welcome over HTTP, long-poll for the offer, answer over HTTP. */
  static void httpOnlyBob(String signaling, String store, String[] alice, String[] bob, Client a, String callId)
      throws Exception {
    String welcome = call(signaling, "GET", "/api/welcome", bob[1], null, 200);
    System.out.println("bob's welcome over HTTP: " + welcome.substring(0, Math.min(welcome.length(), 160)) + "…");
    a.send("{\"type\":\"offer\",\"to\":\"" + bob[0] + "\",\"callId\":\"" + callId
        + "\",\"media\":\"data\",\"sdp\":\"v=0 (demo offer)\"}");
    long started = System.nanoTime();
    String page = call(store, "GET", "/api/inbox?after=0&wait=25", bob[1], null, 200);
    System.out.printf("bob long-polled (%d ms): %s%n", (System.nanoTime() - started) / 1_000_000, page);
    if (!page.contains("\"type\":\"offer\"") || !page.contains("\"userId\":\"" + alice[0] + "\"")) {
      throw new IllegalStateException("the offer did not arrive by long-poll");
    }
    call(store, "POST", "/api/inbox/ack", bob[1], "{\"seq\":" + field(page, "\"lastSeq\":(\\d+)") + "}", 200);
    call(signaling, "POST", "/api/signals", bob[1], "{\"type\":\"answer\",\"to\":\"" + alice[0]
        + "\",\"callId\":\"" + callId + "\",\"sdp\":\"v=0 (demo answer)\"}", 202);
    String answer = a.next("answer");
    System.out.println("alice received: " + answer);
    if (!answer.contains("\"userId\":\"" + bob[0] + "\"")) {
      throw new IllegalStateException("sender identity was not set by the server");
    }
    a.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
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

  /** A browser-like signaling client: the token rides in the quarkus-http-upgrade subprotocol. */
  static final class Client implements WebSocket.Listener {
    final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final StringBuilder partial = new StringBuilder();
    final WebSocket socket;
    final String welcome;

    Client(String signaling, String token) throws Exception {
      String carrier = URLEncoder.encode("quarkus-http-upgrade#Authorization#Bearer " + token, StandardCharsets.UTF_8)
          .replace("+", "%20");
      socket = HTTP.newWebSocketBuilder()
          .header("Origin", "http://localhost:8080")
          .subprotocols("bearer-token-carrier", carrier)
          .buildAsync(URI.create(signaling.replaceFirst("^http", "ws") + "/ws/signal"), this)
          .get(10, TimeUnit.SECONDS);
      welcome = next("welcome");
    }

    void send(String frame) {
      socket.sendText(frame, true).join();
    }

    String next(String type) throws InterruptedException {
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline) {
        String frame = frames.poll(deadline - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
        if (frame != null && frame.contains("\"type\":\"" + type + "\"")) {
          return frame;
        }
      }
      throw new IllegalStateException("no " + type + " frame arrived");
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
