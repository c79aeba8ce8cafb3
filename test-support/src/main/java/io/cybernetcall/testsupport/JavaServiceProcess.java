package io.cybernetcall.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A packaged Quarkus service started as its own process, exactly as it runs in production. */
public final class JavaServiceProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final String baseUrl;
  private final String healthPath;

  private JavaServiceProcess(Process process, Path log, String baseUrl, String healthPath) {
    this.process = process;
    this.log = log;
    this.baseUrl = baseUrl;
    this.healthPath = healthPath;
  }

  /**
   * Starts {@code jar} on {@code port} with the given environment and waits until {@code
   * /q/health/ready} answers 200.
   */
  public static JavaServiceProcess start(
      Path jar, int port, Map<String, String> environment, Path log) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "Packaged service not found at " + jar + ": run ./mvnw verify from the root");
    }
    try {
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-jar",
                  jar.toAbsolutePath().toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
      JavaServiceProcess started =
          new JavaServiceProcess(
              builder.start(), log, "http://127.0.0.1:" + port, "/q/health/ready");
      started.awaitReady();
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a plain Java program ({@code mainClass} on {@code classpath}, with {@code args}) whose
   * HTTP side listens on {@code port}, and waits until {@code healthPath} answers 200.
   */
  public static JavaServiceProcess startMain(
      String classpath,
      String mainClass,
      List<String> args,
      int port,
      String healthPath,
      Path log) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                classpath,
                mainClass));
    command.addAll(args);
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      JavaServiceProcess started =
          new JavaServiceProcess(process, log, "http://127.0.0.1:" + port, healthPath);
      started.awaitReady();
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** The operating system's process id (for RSS and CPU readings from /proc). */
  public long pid() {
    return process.pid();
  }

  /** Ends the process like a crash or an OOM kill would: no shutdown hooks, no goodbyes. */
  public void kill() {
    process.destroyForcibly();
    waitFor();
  }

  @Override
  public void close() {
    process.destroy();
    waitFor();
  }

  private void waitFor() {
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() {
    HttpClient client = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Service exited during start-up:\n" + log());
      }
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(URI.create(baseUrl + healthPath))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    close();
    throw new IllegalStateException("Service did not become ready in time:\n" + log());
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
