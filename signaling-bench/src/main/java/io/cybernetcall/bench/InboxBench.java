package io.cybernetcall.bench;

import io.cybernetcall.testsupport.SealedPayloads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Benchmark of the HTTP fallback: signals sent through signaling-service (over WebSockets) at a
 * constant rate, each carrying its intended send time, received through signal-store-service by two
 * kinds of clients in the same run — long-polling ({@code wait=25}) and the seed system's
 * fixed-interval polling (every 1.5 s, {@code wait=0}). Latency = received − intended send time. A
 * second mode measures sustained inbox polls per CPU-second of the store.
 *
 * <pre>
 * java -cp … io.cybernetcall.bench.InboxBench mode=latency auth-url=… signaling-url=… store-url=… \
 *     pairs=40 rate=200 duration=30 interval-ms=1500
 * java -cp … io.cybernetcall.bench.InboxBench mode=throughput auth-url=… signaling-url=… \
 *     store-url=… users=100 concurrency=64 duration=20 store-pid=1234
 * </pre>
 */
public final class InboxBench {

  private static final Pattern TIMESTAMP = Pattern.compile("\"ct\":\"TS(\\d+)Z");
  private static final Pattern LAST_SEQ = Pattern.compile("\"lastSeq\":(\\d+)");

  private final Map<String, String> options;
  private final HttpClient http = HttpClient.newBuilder().build();
  private final BenchApi api = new BenchApi(http);
  private final String auth;
  private final String signaling;
  private final String store;
  private volatile long measureFrom = Long.MAX_VALUE;
  private volatile long measureTo = Long.MAX_VALUE;
  private volatile boolean running = true;

  private InboxBench(Map<String, String> options) {
    this.options = options;
    this.auth = options.get("auth-url");
    this.signaling = options.get("signaling-url");
    this.store = options.get("store-url");
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    InboxBench bench = new InboxBench(options);
    if (options.getOrDefault("mode", "latency").equals("throughput")) {
      bench.throughput();
    } else {
      bench.latency();
    }
    System.exit(0);
  }

  /**
   * A sender (on a WebSocket, as most users are) and a receiver (without one), contacts with a
   * DataChannel session open between them.
   */
  private record Pair(String[] sender, String[] receiver, String callId, CybernetPeer socket) {}

  /** A receiving client: where it is in its inbox, and what it measured. */
  private static final class Receiver {
    final Pair pair;
    final Recorder latencies;
    final AtomicLong received;
    long after;

    Receiver(Pair pair, Recorder latencies, AtomicLong received) {
      this.pair = pair;
      this.latencies = latencies;
      this.received = received;
    }
  }

  private void latency() throws Exception {
    int pairs = Integer.parseInt(options.getOrDefault("pairs", "40"));
    int rate = Integer.parseInt(options.getOrDefault("rate", "200"));
    int duration = Integer.parseInt(options.getOrDefault("duration", "30"));
    long intervalMillis = Long.parseLong(options.getOrDefault("interval-ms", "1500"));
    List<Pair> all = pairs(2 * pairs);
    Recorder longPollLatency = new Recorder(3);
    Recorder intervalLatency = new Recorder(3);
    AtomicLong longPollReceived = new AtomicLong();
    AtomicLong intervalReceived = new AtomicLong();
    List<Receiver> longPollers = new ArrayList<>();
    List<Receiver> intervalPollers = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Receiver receiver =
          i % 2 == 0
              ? new Receiver(all.get(i), longPollLatency, longPollReceived)
              : new Receiver(all.get(i), intervalLatency, intervalReceived);
      receiver.after = lastSeq(receiver.pair.receiver()[1]);
      (i % 2 == 0 ? longPollers : intervalPollers).add(receiver);
    }
    longPollers.forEach(this::longPoll);
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    for (Receiver receiver : intervalPollers) {
      timers.scheduleAtFixedRate(
          () -> fetchOnce(receiver),
          ThreadLocalRandom.current().nextLong(intervalMillis),
          intervalMillis,
          TimeUnit.MILLISECONDS);
    }

    long warmupNanos =
        TimeUnit.SECONDS.toNanos(Long.parseLong(options.getOrDefault("warmup", "20")));
    long start = System.nanoTime();
    measureFrom = start + warmupNanos;
    measureTo = measureFrom + TimeUnit.SECONDS.toNanos(duration);
    long sentInWindow = send(all, rate, measureTo);
    Thread.sleep(intervalMillis + 3000);
    running = false;
    timers.shutdownNow();

    System.out.printf(
        "fallback delivery latency, %d signals/s for %d s (after %d s warm-up), sent over"
            + " WebSockets, %d receivers per kind, %d signals sent in the window%n",
        rate, duration, TimeUnit.NANOSECONDS.toSeconds(warmupNanos), pairs, sentInWindow);
    report("long-poll (wait=25)", longPollLatency.getIntervalHistogram(), longPollReceived.get());
    report(
        "seed: fixed " + intervalMillis + " ms polling",
        intervalLatency.getIntervalHistogram(),
        intervalReceived.get());
  }

  private void throughput() throws Exception {
    int users = Integer.parseInt(options.getOrDefault("users", "100"));
    int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "64"));
    int duration = Integer.parseInt(options.getOrDefault("duration", "20"));
    long pid = Long.parseLong(options.get("store-pid"));
    List<Pair> all = pairs(users);
    // Five signals each, so a poll returns data, as a client catching up would see.
    for (Pair pair : all) {
      for (int i = 0; i < 5; i++) {
        pair.socket().sendFrame(candidate(pair, 0));
      }
    }
    Thread.sleep(2000);
    AtomicLong completed = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong next = new AtomicLong();
    Recorder latency = new Recorder(3);
    long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (int i = 0; i < concurrency; i++) {
      pollLoop(all, next, completed, failed, latency);
    }
    LockSupport.parkNanos(warmupEnd - System.nanoTime());
    long cpuBefore = cpuTicks(pid);
    long countBefore = completed.get();
    long failedBefore = failed.get();
    latency.getIntervalHistogram();
    long started = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(duration));
    long elapsed = System.nanoTime() - started;
    long polls = completed.get() - countBefore;
    long errors = failed.get() - failedBefore;
    Histogram histogram = latency.getIntervalHistogram();
    double cpuSeconds = (cpuTicks(pid) - cpuBefore) / 100.0;
    running = false;
    double seconds = elapsed / 1e9;
    System.out.printf(
        "inbox polls (GET /api/inbox?after=0, 6 signals each), %d users, %d concurrent: %.0f"
            + " polls/s, %d errors, store CPU %.2f core-seconds over %.1f s → %.0f polls per"
            + " core-second; latency p50 %.2f ms, p99 %.2f ms%n",
        users,
        concurrency,
        polls / seconds,
        errors,
        cpuSeconds,
        seconds,
        polls / cpuSeconds,
        histogram.getValueAtPercentile(50) / 1e6,
        histogram.getValueAtPercentile(99) / 1e6);
  }

  private List<Pair> pairs(int count) throws Exception {
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String[] sender = api.account(auth);
      String[] receiver = api.account(auth);
      api.connect(auth, sender, receiver);
      CybernetPeer socket = new CybernetPeer(http, signaling, sender[0], sender[1], m -> {});
      Pair pair = new Pair(sender, receiver, "bench-" + UUID.randomUUID(), socket);
      socket.sendFrame(
          "{\"type\":\"offer\",\"to\":\"%s\",\"callId\":\"%s\",\"media\":\"data\",\"sealed\":%s}"
              .formatted(receiver[0], pair.callId(), SealedPayloads.json()));
      pairs.add(pair);
    }
    return pairs;
  }

  /** Sends candidates round-robin at {@code rate} per second until {@code until}. */
  private long send(List<Pair> pairs, int rate, long until) {
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    long intended = System.nanoTime();
    long inWindow = 0;
    for (long n = 0; intended < until; n++) {
      LockSupport.parkNanos(intended - System.nanoTime());
      Pair pair = pairs.get((int) (n % pairs.size()));
      pair.socket().sendFrame(candidate(pair, intended));
      if (intended >= measureFrom) {
        inWindow++;
      }
      intended += intervalNanos;
    }
    return inWindow;
  }

  private void longPoll(Receiver receiver) {
    if (!running) {
      return;
    }
    http.sendAsync(
            request(
                    store + "/api/inbox?wait=25&after=" + receiver.after,
                    receiver.pair.receiver()[1])
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, failure) -> {
              if (response != null && response.statusCode() == 200) {
                record(receiver, response.body());
              } else {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
              }
              longPoll(receiver);
            });
  }

  private void fetchOnce(Receiver receiver) {
    try {
      HttpResponse<String> response =
          http.send(
              request(store + "/api/inbox?after=" + receiver.after, receiver.pair.receiver()[1])
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        record(receiver, response.body());
      }
    } catch (IOException | InterruptedException e) {
      // the next tick retries
    }
  }

  private void record(Receiver receiver, String page) {
    long now = System.nanoTime();
    synchronized (receiver) {
      Matcher last = LAST_SEQ.matcher(page);
      if (last.find()) {
        receiver.after = Math.max(receiver.after, Long.parseLong(last.group(1)));
      }
    }
    Matcher timestamps = TIMESTAMP.matcher(page);
    while (timestamps.find()) {
      long sentAt = Long.parseLong(timestamps.group(1));
      if (sentAt >= measureFrom && sentAt < measureTo) {
        receiver.latencies.recordValue(Math.max(0, now - sentAt));
        receiver.received.incrementAndGet();
      }
    }
  }

  private void pollLoop(
      List<Pair> pairs,
      AtomicLong next,
      AtomicLong completed,
      AtomicLong failed,
      Recorder latency) {
    if (!running) {
      return;
    }
    Pair pair = pairs.get((int) (next.getAndIncrement() % pairs.size()));
    long started = System.nanoTime();
    http.sendAsync(
            request(store + "/api/inbox?after=0", pair.receiver()[1]).build(),
            HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, failure) -> {
              if (response != null && response.statusCode() == 200) {
                completed.incrementAndGet();
                latency.recordValue(System.nanoTime() - started);
              } else {
                failed.incrementAndGet();
              }
              pollLoop(pairs, next, completed, failed, latency);
            });
  }

  private long lastSeq(String token) throws Exception {
    Matcher matcher = LAST_SEQ.matcher(api.http(store, "GET", "/api/inbox?after=0", token, null));
    return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
  }

  private static HttpRequest.Builder request(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(40))
        .header("Authorization", "Bearer " + token);
  }

  private static String candidate(Pair pair, long intendedNanos) {
    // Sealed as the client seals a candidate (about 100 bytes of it), the timestamp readable.
    return "{\"type\":\"candidate\",\"to\":\"%s\",\"callId\":\"%s\",\"sealed\":%s}"
        .formatted(
            pair.receiver()[0],
            pair.callId(),
            SealedPayloads.json(SealedPayloads.ciphertext("TS" + intendedNanos + "Z", 140)));
  }

  private static void report(String name, Histogram histogram, long received) {
    System.out.printf(
        "  %-32s received %6d  p50 %8.2f ms  p90 %8.2f ms  p99 %8.2f ms  p99.9 %8.2f ms"
            + "  max %8.2f ms  mean %8.2f ms%n",
        name,
        received,
        histogram.getValueAtPercentile(50) / 1e6,
        histogram.getValueAtPercentile(90) / 1e6,
        histogram.getValueAtPercentile(99) / 1e6,
        histogram.getValueAtPercentile(99.9) / 1e6,
        histogram.getMaxValue() / 1e6,
        histogram.getMean() / 1e6);
  }

  /** utime + stime of a process, in clock ticks (1/100 s). */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
