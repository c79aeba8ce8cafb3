package io.cybernetcall.faults;

import io.cybernetcall.testsupport.JavaServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the campaign and the soak run against: a private Redis (AOF) and PostgreSQL, a real
 * SMTP server and the packaged services, built from {@code key=value} options.
 */
final class Lab implements AutoCloseable {

  final Map<String, String> options;
  final PrivateRedis redis;
  final PrivatePostgres postgres;
  final Mailbox mail;
  final Stack stack;

  private Lab(Map<String, String> options) throws Exception {
    this.options = options;
    Path work = Path.of(options.get("work"));
    System.out.println("work folder " + work);
    redis = new PrivateRedis(Integer.parseInt(options.get("redis-port")), work.resolve("redis"));
    postgres =
        new PrivatePostgres(
            Integer.parseInt(options.get("pg-port")),
            work.resolve("pg/data"),
            Path.of(options.get("pg-bin")));
    mail = new Mailbox(JavaServiceProcess.freePort());
    redis.start();
    postgres.initAndStart(
        List.of("cybernet_auth", "cybernet_signal_store", "cybernet_notification"));
    mail.start();
    stack = new Stack(Path.of(options.get("root")).toAbsolutePath(), work, redis, postgres, mail);
    stack.startAll();
  }

  /** Options with their defaults, overridden by {@code key=value} arguments. */
  static Lab start(String[] args, Map<String, String> defaults) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("root", ".");
    options.put("work", Files.createTempDirectory("cybernet-lab").toString());
    options.put("redis-port", "6391");
    options.put("pg-port", "5441");
    options.put("pg-bin", "/usr/lib/postgresql/15/bin");
    options.putAll(defaults);
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      options.put(kv[0], kv[1]);
    }
    return new Lab(options);
  }

  @Override
  public void close() {
    stack.close();
    mail.close();
    postgres.close();
    redis.close();
  }
}
