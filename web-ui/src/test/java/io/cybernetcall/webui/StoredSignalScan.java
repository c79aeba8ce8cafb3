package io.cybernetcall.webui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the servers keep of real calls, read as an operator (or an intruder) would: every Redis key
 * of a stack (the event streams, the replay buffers, call state) and every row of its signal store,
 * searched for what end-to-end sealing keeps from them: SDP (its DTLS fingerprint), ICE candidates
 * and the IP addresses they carry.
 */
final class StoredSignalScan {

  private static final Pattern PLAINTEXT =
      Pattern.compile(
          "a=fingerprint|candidate:|\\btyp (?:host|srflx|relay)\\b"
              + "|(?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?![\\d.])");

  /** How Redis lists what a key of each type holds. */
  private static final Map<String, String> READ =
      Map.of(
          "string", "GET %s",
          "list", "LRANGE %s 0 -1",
          "hash", "HGETALL %s",
          "set", "SMEMBERS %s",
          "zset", "ZRANGE %s 0 -1 WITHSCORES",
          "stream", "XRANGE %s - +");

  private StoredSignalScan() {}

  /** Everything Redis database {@code db} holds, as text. */
  static String redis(String db) throws IOException, InterruptedException {
    List<String> keys = run(List.of("redis-cli", "-n", db, "--scan"), "").lines().toList();
    List<String> types =
        run(List.of("redis-cli", "-n", db), commands(keys, "TYPE %s")).lines().toList();
    StringBuilder reads = new StringBuilder();
    for (int i = 0; i < keys.size() && i < types.size(); i++) {
      String read = READ.get(types.get(i).trim());
      if (read != null) {
        reads.append(read.formatted(keys.get(i))).append('\n');
      }
    }
    return run(List.of("redis-cli", "-n", db), reads.toString());
  }

  /** Every row of the signal store's database {@code database}, as its owner dumps them. */
  static String signalStore(String database) throws IOException, InterruptedException {
    return run(
        List.of(
            "pg_dump",
            "-h",
            "127.0.0.1",
            "-U",
            "cybernet_signal_store",
            "--data-only",
            "--exclude-table=flyway_schema_history",
            database),
        "");
  }

  /** Each plaintext finding, with some text around it; none is the expected answer. */
  static List<String> plaintextIn(String text) {
    List<String> found = new ArrayList<>();
    Matcher matcher = PLAINTEXT.matcher(text);
    while (matcher.find() && found.size() < 20) {
      int from = Math.max(0, matcher.start() - 60);
      int to = Math.min(text.length(), matcher.end() + 60);
      found.add(text.substring(from, to).replace('\n', ' '));
    }
    return found;
  }

  private static String commands(List<String> keys, String template) {
    StringBuilder commands = new StringBuilder();
    keys.forEach(key -> commands.append(template.formatted(key)).append('\n'));
    return commands.toString();
  }

  private static String run(List<String> command, String input)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(
          command.get(0) + " failed: " + new String(output, StandardCharsets.UTF_8));
    }
    return new String(output, StandardCharsets.UTF_8);
  }
}
