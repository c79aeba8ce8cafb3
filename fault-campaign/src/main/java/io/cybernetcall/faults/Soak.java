package io.cybernetcall.faults;

import io.cybernetcall.testsupport.RealAccounts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The soak: {@code sockets} WebSockets on one signaling replica (half callers sending a candidate
 * every second, half callees receiving) for {@code minutes}, sampling the replica's RSS and Redis's
 * memory every minute. Passes when RSS grew less than 10 % from the first sample after warm-up,
 * Redis stays within its caps, and no accepted signal was lost.
 *
 * <p>{@code sudo scripts/fault-campaign.sh soak sockets=500 minutes=30}
 */
public final class Soak {

  private Soak() {}

  public static void main(String[] args) throws Exception {
    try (Lab lab =
        Lab.start(args, Map.of("sockets", "500", "minutes", "30", "report", "target/soak.md"))) {
      int pairs = Integer.parseInt(lab.options.get("sockets")) / 2;
      int minutes = Integer.parseInt(lab.options.get("minutes"));
      RealAccounts accounts = new RealAccounts(lab.stack.url(Stack.AUTH));
      String signaling = lab.stack.url(Stack.SIGNALING_A);
      List<Pair> running = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        RealAccounts.User caller = accounts.create("soakcaller");
        RealAccounts.User callee = accounts.create("soakcallee");
        accounts.connect(caller, callee);
        Pair pair =
            new Pair(
                caller,
                callee,
                signaling,
                signaling,
                lab.stack.url(Stack.SIGNAL_STORE),
                Pair.Receiving.WEBSOCKET,
                accounts,
                Duration.ofSeconds(1));
        pair.start();
        pair.sending(true);
        running.add(pair);
      }
      System.out.printf("soak: %d sockets open, %d frames/s%n", pairs * 2, pairs);
      long pid = lab.stack.pid(Stack.SIGNALING_A);
      List<String> samples = new ArrayList<>();
      long firstRss = 0;
      long lastRss = 0;
      long firstRedis = 0;
      long lastRedis = 0;
      Instant end = Instant.now().plus(Duration.ofMinutes(minutes));
      for (int minute = 0; Instant.now().isBefore(end); minute++) {
        Pause.millis(60_000);
        long rss = rssKib(pid);
        long redis = redisUsedMemory(lab.redis.port());
        if (minute == 1) {
          // After a minute of warm-up: JIT, pools and buffers have settled.
          firstRss = rss;
          firstRedis = redis;
        }
        lastRss = rss;
        lastRedis = redis;
        String sample = "| %d | %d | %.1f |".formatted(minute + 1, rss / 1024, redis / 1_048_576.0);
        samples.add(sample);
        System.out.println(sample);
      }
      running.forEach(pair -> pair.sending(false));
      long accepted = 0;
      long lost = 0;
      for (Pair pair : running) {
        Set<String> missing = pair.missingAfterCatchUp();
        accepted += pair.accepted.size();
        lost += missing.size();
        pair.stop();
      }
      double rssGrowth = firstRss == 0 ? 0 : 100.0 * (lastRss - firstRss) / firstRss;
      String report =
          """
          Soak of %s: %d sockets on one signaling replica, %d frames/s, %d minutes.

          | minute | signaling RSS (MiB) | Redis used memory (MiB) |
          |---|---|---|
          %s

          RSS growth after the first minute: %.1f %% (limit 10 %%). Redis memory: %.1f → %.1f MiB
          (streams capped at 100,000 entries, replay buffers at 1,000 signals and 10 minutes).
          Signals accepted: %d, lost: %d.
          """
              .formatted(
                  java.time.LocalDate.now(),
                  pairs * 2,
                  pairs,
                  minutes,
                  String.join("\n", samples),
                  rssGrowth,
                  firstRedis / 1_048_576.0,
                  lastRedis / 1_048_576.0,
                  accepted,
                  lost);
      Path file = Path.of(lab.options.get("report"));
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, report);
      System.out.println(report);
    }
  }

  private static long rssKib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }

  private static long redisUsedMemory(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write("INFO memory\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      // A bulk string: "$<length>\r\n", then the text.
      StringBuilder header = new StringBuilder();
      for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
        header.append((char) c);
      }
      int length = Integer.parseInt(header.toString().trim().substring(1));
      String reply = new String(in.readNBytes(length), StandardCharsets.US_ASCII);
      for (String line : reply.split("\r\n")) {
        if (line.startsWith("used_memory:")) {
          return Long.parseLong(line.substring("used_memory:".length()).trim());
        }
      }
    }
    return 0;
  }
}
