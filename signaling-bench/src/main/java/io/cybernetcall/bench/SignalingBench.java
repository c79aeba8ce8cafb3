package io.cybernetcall.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Open-loop load generator for signaling relays. Senders send at a constant total rate whatever the
 * server does (no waiting for replies), each message carrying its intended send time; the receiving
 * socket records now − intended, so queueing delay is counted (no coordinated omission).
 *
 * <pre>
 * java -cp … io.cybernetcall.bench.SignalingBench target=cybernet url=http://127.0.0.1:8082 \
 *     receiver-url=http://127.0.0.1:8082 auth-url=http://127.0.0.1:8081 pairs=50 size=200 \
 *     rates=2000,5000,10000 duration=10 idle=2000 server-pid=1234
 * </pre>
 *
 * <p>After the rates it runs one more step at half the highest sustained one, unless {@code
 * half-step=false}.
 */
public final class SignalingBench {

  private static final Pattern TIMESTAMP = Pattern.compile("TS(\\d+)Z");
  // /proc reports CPU time in USER_HZ ticks, which the kernel ABI fixes at 100 per second on x86.
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private final Map<String, String> options;
  private final HttpClient http = HttpClient.newHttpClient();
  private final BenchApi api = new BenchApi(http);
  private final Recorder latencies = new Recorder(3);
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong arrivals = new AtomicLong();
  // Frames the server refused with "unavailable": too many were waiting on it (overload).
  private final AtomicLong refused = new AtomicLong();
  private volatile long measureFrom = Long.MAX_VALUE;
  private volatile long measureTo = Long.MAX_VALUE;

  private SignalingBench(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    new SignalingBench(options).run();
  }

  private void run() throws Exception {
    String target = options.getOrDefault("target", "cybernet");
    int pairs = Integer.parseInt(options.getOrDefault("pairs", "50"));
    int size = Integer.parseInt(options.getOrDefault("size", "200"));
    int duration = Integer.parseInt(options.getOrDefault("duration", "10"));
    List<Peer[]> links = connect(target, pairs);
    StringBuilder report = new StringBuilder();
    report.append(
        "target=%s size=%dB pairs=%d url=%s receiver-url=%s%n"
            .formatted(
                target,
                size,
                pairs,
                options.get("url"),
                options.getOrDefault("receiver-url", options.get("url"))));
    // Warm up the JIT of server and generator before anything is recorded: a first measured step
    // would otherwise report compilation pauses as relay latency.
    int warmupSeconds = Integer.parseInt(options.getOrDefault("warmup", "20"));
    Step warmup =
        step(
            links,
            Integer.parseInt(options.getOrDefault("warmup-rate", "2000")),
            size,
            warmupSeconds);
    report.append("warm-up (not counted): %s%n".formatted(warmup.line()));
    int max = 0;
    for (String rateText : options.getOrDefault("rates", "1000").split(",")) {
      int rate = Integer.parseInt(rateText.trim());
      Step step = step(links, rate, size, duration);
      report.append(step.line()).append('\n');
      System.err.println(step.line());
      if (!step.sustained()) {
        break;
      }
      max = rate;
    }
    report.append("max sustained rate: %d msgs/s%n".formatted(max));
    // half-step=false: a profile of one rate wants nothing else in the recording.
    if (max > 0 && Boolean.parseBoolean(options.getOrDefault("half-step", "true"))) {
      Step half = step(links, max / 2, size, duration);
      report.append("at 50%% of max: %s%n".formatted(half.line()));
    }
    for (Peer[] link : links) {
      link[0].close();
      link[1].close();
    }
    int idle = Integer.parseInt(options.getOrDefault("idle", "0"));
    if (idle > 0) {
      report.append(idleConnections(target, idle)).append('\n');
    }
    System.out.print(report);
    if (options.containsKey("out")) {
      Files.writeString(Path.of(options.get("out")), report.toString());
    }
    System.exit(0);
  }

  /** One open-loop run at a constant rate. */
  private Step step(List<Peer[]> links, int rate, int size, int seconds)
      throws InterruptedException {
    String padding = "x".repeat(Math.max(0, size - 120));
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    long warmupEnd = start + TimeUnit.SECONDS.toNanos(2);
    long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
    measureFrom = warmupEnd;
    measureTo = end;
    latencies.getIntervalHistogram();
    received.set(0);
    refused.set(0);
    long sentInWindow = 0;
    long serverCpuAtStart = -1;
    long redisCpuAtStart = -1;
    long i = 0;
    while (true) {
      long intended = start + i * interval;
      if (intended >= end) {
        break;
      }
      if (serverCpuAtStart < 0 && intended >= warmupEnd) {
        serverCpuAtStart = cpuNanos("server-pid");
        redisCpuAtStart = cpuNanos("redis-pid");
      }
      long now = System.nanoTime();
      if (intended > now) {
        LockSupport.parkNanos(Math.min(intended - now, 200_000));
        continue;
      }
      Peer[] link = links.get((int) (i % links.size()));
      link[0].send(
          link[1],
          "candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host TS"
              + intended
              + "Z pad="
              + padding);
      if (intended >= warmupEnd) {
        sentInWindow++;
      }
      i++;
    }
    long serverCpu = cpuNanos("server-pid") - serverCpuAtStart;
    long redisCpu = cpuNanos("redis-pid") - redisCpuAtStart;
    // Let in-flight messages arrive; anything later than this counts as lost.
    Thread.sleep(2000);
    Histogram histogram = latencies.getIntervalHistogram();
    Step step =
        new Step(rate, sentInWindow, received.get(), refused.get(), histogram, serverCpu, redisCpu);
    drain();
    return step;
  }

  /**
   * Waits until an overloaded server has relayed its backlog (nothing arrives for a second), so the
   * next step starts from an idle server instead of inheriting the last one's queue.
   */
  private void drain() throws InterruptedException {
    measureFrom = Long.MAX_VALUE;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long last = -1;
    while (System.nanoTime() < deadline) {
      long now = arrivals.get();
      if (now == last) {
        return;
      }
      last = now;
      Thread.sleep(1000);
    }
  }

  /**
   * CPU time (user + system) used so far by the processes of {@code option} ({@code server-pid}:
   * the servers under test; {@code redis-pid}: their Redis), from {@code /proc/<pid>/stat}; 0 when
   * the option is absent. Per relayed message it is what a message costs, steadier between runs
   * than the maximum rate, which also depends on what else shares the machine.
   */
  private long cpuNanos(String option) {
    String pids = options.get(option);
    if (pids == null) {
      return 0;
    }
    long ticks = 0;
    try {
      for (String pid : pids.split(",")) {
        String stat = Files.readString(Path.of("/proc/" + pid.trim() + "/stat"));
        // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
  }

  private record Step(
      int rate,
      long sent,
      long received,
      long refused,
      Histogram latency,
      long serverCpu,
      long redisCpu) {
    boolean sustained() {
      return received >= sent * 0.99
          && latency.getValueAtPercentile(99) < TimeUnit.MILLISECONDS.toNanos(100);
    }

    String line() {
      return "rate %6d msgs/s: delivered %d/%d (%.2f%%), latency p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms, CPU per msg: server %.1f µs, Redis %.1f µs%s%s"
          .formatted(
              rate,
              received,
              sent,
              sent == 0 ? 0 : 100.0 * received / sent,
              ms(latency.getValueAtPercentile(50)),
              ms(latency.getValueAtPercentile(99)),
              ms(latency.getValueAtPercentile(99.9)),
              ms(latency.getMaxValue()),
              sent == 0 ? 0 : serverCpu / 1000.0 / sent,
              sent == 0 ? 0 : redisCpu / 1000.0 / sent,
              refused == 0 ? "" : ", refused (unavailable) " + refused,
              sustained() ? "" : "  <- not sustained");
    }

    private static double ms(long nanos) {
      return nanos / 1_000_000.0;
    }
  }

  private void onMessage(String message) {
    Matcher matcher = TIMESTAMP.matcher(message);
    if (!matcher.find()) {
      if (message.contains("\"code\":\"unavailable\"")) {
        refused.incrementAndGet();
      }
      return;
    }
    arrivals.incrementAndGet();
    long intended = Long.parseLong(matcher.group(1));
    if (intended >= measureFrom && intended < measureTo) {
      latencies.recordValue(Math.max(0, System.nanoTime() - intended));
      received.incrementAndGet();
    }
  }

  private List<Peer[]> connect(String target, int pairs) throws Exception {
    String url = options.get("url");
    String receiverUrl = options.getOrDefault("receiver-url", url);
    List<Peer[]> links = new ArrayList<>();
    if (target.equals("peerjs")) {
      List<PeerjsPeer> all = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        PeerjsPeer sender = new PeerjsPeer(http, url, this::onMessage);
        PeerjsPeer receiver = new PeerjsPeer(http, receiverUrl, this::onMessage);
        all.add(sender);
        all.add(receiver);
        links.add(new Peer[] {sender, receiver});
      }
      ScheduledExecutorService heartbeat =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "heartbeat");
                t.setDaemon(true);
                return t;
              });
      heartbeat.scheduleAtFixedRate(
          () -> all.forEach(PeerjsPeer::heartbeat), 5, 5, TimeUnit.SECONDS);
      return links;
    }
    String auth = options.get("auth-url");
    for (int i = 0; i < pairs; i++) {
      String[] a = api.account(auth);
      String[] b = api.account(auth);
      api.connect(auth, a, b);
      CountDownLatch offered = new CountDownLatch(1);
      CountDownLatch answered = new CountDownLatch(1);
      CybernetPeer sender =
          new CybernetPeer(
              http,
              url,
              a[0],
              a[1],
              m -> {
                if (m.contains("\"type\":\"answer\"")) {
                  answered.countDown();
                } else {
                  onMessage(m);
                }
              });
      CybernetPeer receiver =
          new CybernetPeer(
              http,
              receiverUrl,
              b[0],
              b[1],
              m -> {
                if (m.contains("\"type\":\"offer\"")) {
                  offered.countDown();
                } else {
                  onMessage(m);
                }
              });
      sender.openSession(receiver, "bench-" + UUID.randomUUID());
      await(offered, "offer");
      receiver.answer(sender);
      await(answered, "answer");
      links.add(new Peer[] {sender, receiver});
    }
    return links;
  }

  /** Opens {@code count} idle sockets and reports the server's resident memory per socket. */
  private String idleConnections(String target, int count) throws Exception {
    long pid = Long.parseLong(options.get("server-pid"));
    System.gc();
    Thread.sleep(3000);
    long before = rssKib(pid);
    List<Peer> idle = new ArrayList<>(count);
    String url = options.get("url");
    String[] user = target.equals("peerjs") ? null : api.account(options.get("auth-url"));
    for (int i = 0; i < count; i++) {
      idle.add(
          target.equals("peerjs")
              ? new PeerjsPeer(http, url, m -> {})
              : new CybernetPeer(http, url, user[0], user[1], m -> {}));
    }
    // Settle time before the reading; longer (idle-hold=seconds) to inspect the server meanwhile.
    Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(options.getOrDefault("idle-hold", "5"))));
    long after = rssKib(pid);
    String line =
        "idle connections: %d held; server RSS %d KiB -> %d KiB: %.1f KiB per connection"
            .formatted(count, before, after, (after - before) / (double) count);
    for (Peer peer : idle) {
      peer.close();
    }
    return line;
  }

  private static long rssKib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no " + what + " during setup");
    }
  }
}
