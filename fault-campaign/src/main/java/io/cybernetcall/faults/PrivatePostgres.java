package io.cybernetcall.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of the campaign's own (initdb in a work folder, trust authentication on
 * loopback), run as the {@code postgres} user, so "stop immediately" stops nobody else's database.
 */
final class PrivatePostgres implements AutoCloseable {

  private final int port;
  private final Path dir;
  private final Path bin;

  PrivatePostgres(int port, Path dir, Path bin) {
    this.port = port;
    this.dir = dir;
    this.bin = bin;
  }

  int port() {
    return port;
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  void initAndStart(List<String> databases) throws IOException, SQLException {
    Files.createDirectories(dir.getParent());
    run("chown", "postgres", dir.getParent().toString());
    asPostgres(
        bin.resolve("initdb").toString(), "-D", dir.toString(), "--auth=trust", "-U", "postgres");
    start();
    try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
        Statement statement = connection.createStatement()) {
      for (String database : databases) {
        statement.execute("create database " + database);
      }
    }
  }

  void start() throws IOException {
    asPostgres(
        bin.resolve("pg_ctl").toString(),
        "-D",
        dir.toString(),
        "-l",
        dir.resolve("postgres.log").toString(),
        "-o",
        "-p " + port + " -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200",
        "-w",
        "start");
  }

  /** The "immediate" shutdown: like a crash, no checkpoint; recovery replays the WAL at start. */
  void stopImmediately() throws IOException {
    asPostgres(
        bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-m", "immediate", "-w", "stop");
  }

  private static void asPostgres(String... command) throws IOException {
    List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(List.of(command));
    run(full.toArray(String[]::new));
  }

  private static void run(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    try {
      asPostgres(bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-m", "fast", "stop");
    } catch (IOException e) {
      // already stopped
    }
  }
}
