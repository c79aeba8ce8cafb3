package io.cybernetcall.faults;

import io.cybernetcall.testsupport.Frames;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.SealedPayloads;
import io.cybernetcall.testsupport.SignalingSocket;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One caller streaming ICE candidates (one per {@code interval}) to one callee in an accepted call,
 * each with a {@code ref}: the caller counts what the server {@code accepted}, the callee records
 * every signal it receives by sequence number, over a WebSocket (resuming after reconnects) or by
 * long-polling the signal store. The server's promise is checked against the two: every accepted
 * signal is received once.
 */
final class Pair {

  enum Receiving {
    WEBSOCKET,
    LONG_POLL
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final User caller;
  final User callee;
  private final String callerSignaling;
  private final String calleeSignaling;
  private final String store;
  private final Receiving receiving;
  private final String callId = "campaign-" + UUID.randomUUID();
  final Set<String> accepted = ConcurrentHashMap.newKeySet();
  final Map<Long, String> received = new ConcurrentHashMap<>();
  final Set<String> receivedTwice = ConcurrentHashMap.newKeySet();
  final AtomicLong refused = new AtomicLong();
  private final Map<String, Long> seqOfId = new ConcurrentHashMap<>();
  private final AtomicBoolean sending = new AtomicBoolean();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong next = new AtomicLong();
  private volatile long contiguous;
  private volatile SignalingSocket callerSocket;
  private volatile SignalingSocket calleeSocket;
  private final RealAccounts accounts;
  private final long intervalMillis;
  // Access tokens live 15 minutes at most: a long run signs in again when one is refused.
  private volatile String callerToken;
  private volatile String calleeToken;

  Pair(
      User caller,
      User callee,
      String callerSignaling,
      String calleeSignaling,
      String store,
      Receiving receiving,
      RealAccounts accounts,
      Duration interval) {
    this.accounts = accounts;
    this.intervalMillis = interval.toMillis();
    this.callerToken = caller.accessToken();
    this.calleeToken = callee.accessToken();
    this.caller = caller;
    this.callee = callee;
    this.callerSignaling = callerSignaling;
    this.calleeSignaling = calleeSignaling;
    this.store = store;
    this.receiving = receiving;
  }

  /** Connects both sides and sets up the call (offer, answer: a data call is then accepted). */
  void start() throws Exception {
    callerSocket = connect(callerSignaling, callerToken, this::onCallerFrame);
    if (receiving == Receiving.WEBSOCKET) {
      daemon("callee-" + callee.username(), this::keepCalleeConnected);
    } else {
      daemon("poll-" + callee.username(), this::longPoll);
    }
    callerSocket.send(
        "{\"type\":\"offer\",\"to\":\"%s\",\"callId\":\"%s\",\"media\":\"data\",\"sealed\":%s}"
            .formatted(callee.id(), callId, SealedPayloads.json()));
    Pause.millis(500);
    post(
        calleeSignaling + "/api/signals",
        calleeToken,
        "{\"type\":\"answer\",\"to\":\"%s\",\"callId\":\"%s\",\"sealed\":%s}"
            .formatted(caller.id(), callId, SealedPayloads.json()));
    daemon("caller-" + caller.username(), this::stream);
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  void sending(boolean on) {
    sending.set(on);
  }

  void stop() {
    running.set(false);
    close(callerSocket);
    close(calleeSocket);
  }

  /** About 20 candidates a second, within the 50/s limit; reconnects when the socket is gone. */
  private void stream() {
    while (running.get()) {
      try {
        if (callerSocket == null || !callerSocket.isOpen()) {
          callerSocket = connect(callerSignaling, callerToken, this::onCallerFrame);
        }
        if (sending.get()) {
          long n = next.incrementAndGet();
          callerSocket.send(
              "{\"type\":\"candidate\",\"to\":\"%s\",\"callId\":\"%s\",\"ref\":\"n%d\",\"sealed\":%s}"
                  .formatted(callee.id(), callId, n, SealedPayloads.json()));
        }
      } catch (Exception e) {
        callerSocket = null;
        if (String.valueOf(e.getMessage()).contains("401")) {
          callerToken = accounts.login(caller.username()).accessToken();
        }
      }
      Pause.millis(intervalMillis);
    }
  }

  private void onCallerFrame(String frame) {
    String type = Frames.type(frame);
    if ("accepted".equals(type)) {
      accepted.add(new JsonPath(frame).getString("id"));
    } else if ("error".equals(type)) {
      refused.incrementAndGet();
    }
  }

  private void keepCalleeConnected() {
    while (running.get()) {
      try {
        if (calleeSocket == null || !calleeSocket.isOpen()) {
          calleeSocket = connect(calleeSignaling, calleeToken, this::onCalleeFrame);
          // Whatever arrived while the socket was away comes back with a resume.
          calleeSocket.send("{\"type\":\"resume\",\"after\":" + contiguous + "}");
        }
      } catch (Exception e) {
        calleeSocket = null;
        if (String.valueOf(e.getMessage()).contains("401")) {
          calleeToken = accounts.login(callee.username()).accessToken();
        }
      }
      Pause.millis(200);
    }
  }

  private void onCalleeFrame(String frame) {
    String type = Frames.type(frame);
    JsonPath json = new JsonPath(frame);
    if ("candidate".equals(type)) {
      record(json.getLong("seq"), json.getString("id"));
    }
  }

  private void longPoll() {
    while (running.get()) {
      try {
        JsonPath page = inbox(contiguous, 5);
        for (int i = 0; i < page.getList("signals").size(); i++) {
          if ("candidate".equals(page.getString("signals[" + i + "].type"))) {
            record(page.getLong("signals[" + i + "].seq"), page.getString("signals[" + i + "].id"));
          }
        }
        long last = page.getLong("lastSeq");
        if (last > contiguous) {
          contiguous = last;
          post(store + "/api/inbox/ack", calleeToken, "{\"seq\":" + last + "}");
        }
      } catch (Exception e) {
        Pause.millis(500);
      }
    }
  }

  /** The accepted signals the callee has not received live or by resume (no store reads). */
  Set<String> missingLive() {
    Set<String> missing = ConcurrentHashMap.newKeySet();
    for (String id : accepted) {
      if (!seqOfId.containsKey(id)) {
        missing.add(id);
      }
    }
    return missing;
  }

  /**
   * Reads the callee's whole inbox from the signal store (the durable copy a client catches up
   * from), merging it with what arrived live. Returns the accepted signals still missing.
   */
  Set<String> missingAfterCatchUp() throws Exception {
    if (missingLive().isEmpty()) {
      return Set.of();
    }
    long after = 0;
    while (true) {
      JsonPath page = inbox(after, 0);
      for (int i = 0; i < page.getList("signals").size(); i++) {
        if ("candidate".equals(page.getString("signals[" + i + "].type"))) {
          record(page.getLong("signals[" + i + "].seq"), page.getString("signals[" + i + "].id"));
        }
      }
      long last = page.getLong("lastSeq");
      if (!page.getBoolean("more") || last <= after) {
        break;
      }
      after = last;
    }
    Set<String> missing = ConcurrentHashMap.newKeySet();
    for (String id : accepted) {
      if (!seqOfId.containsKey(id)) {
        missing.add(id);
      }
    }
    return missing;
  }

  private synchronized void record(long seq, String id) {
    String before = received.putIfAbsent(seq, id);
    if (before != null && !before.equals(id)) {
      receivedTwice.add(id + " (seq " + seq + " held " + before + ")");
    }
    Long seqBefore = seqOfId.putIfAbsent(id, seq);
    if (seqBefore != null && seqBefore != seq) {
      receivedTwice.add(id + " (seq " + seqBefore + " and " + seq + ")");
    }
    while (received.containsKey(contiguous + 1)) {
      contiguous++;
    }
  }

  private JsonPath inbox(long after, int waitSeconds) throws Exception {
    HttpResponse<String> page =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        store + "/api/inbox?after=" + after + "&limit=500&wait=" + waitSeconds))
                .header("Authorization", "Bearer " + calleeToken)
                .timeout(Duration.ofSeconds(waitSeconds + 10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (page.statusCode() == 401) {
      calleeToken = accounts.login(callee.username()).accessToken();
    }
    if (page.statusCode() != 200) {
      throw new IllegalStateException("inbox answered " + page.statusCode());
    }
    return new JsonPath(page.body());
  }

  private static void post(String url, String token, String body) throws Exception {
    HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private static SignalingSocket connect(
      String url, String token, java.util.function.Consumer<String> listener) throws Exception {
    return SignalingSocket.connect(url, token, SignalingSocket.ALLOWED_ORIGIN, true, listener);
  }

  private static void close(SignalingSocket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (RuntimeException e) {
        // already gone
      }
    }
  }
}
