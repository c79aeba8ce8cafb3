package io.cybernetcall.webui;

import io.cybernetcall.testsupport.JavaServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The development mailbox ({@code dev-mailbox}, as {@code run.sh} runs it) as a process of a
 * browser stack: notification-service sends to its SMTP port, and the suites read what arrived from
 * its web inbox ({@code E2E_MAILBOX_URL}), as a developer would.
 */
final class DevMailboxProcess implements AutoCloseable {

  private final Process process;
  private final int smtpPort;
  private final String inboxUrl;

  private DevMailboxProcess(Process process, int smtpPort, int webPort) {
    this.process = process;
    this.smtpPort = smtpPort;
    this.inboxUrl = "http://127.0.0.1:" + webPort;
  }

  static DevMailboxProcess start(Path log) {
    int smtpPort = JavaServiceProcess.freePort();
    int webPort = JavaServiceProcess.freePort();
    try {
      Process process =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx128m",
                  "-cp",
                  System.getProperty("dev.mailbox.classpath"),
                  "io.cybernetcall.devmailbox.DevMailbox",
                  Integer.toString(smtpPort),
                  Integer.toString(webPort))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      DevMailboxProcess mailbox = new DevMailboxProcess(process, smtpPort, webPort);
      mailbox.awaitReady(log);
      return mailbox;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int smtpPort() {
    return smtpPort;
  }

  String inboxUrl() {
    return inboxUrl;
  }

  private void awaitReady(Path log) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) break;
      try {
        HttpResponse<Void> health =
            http.send(
                HttpRequest.newBuilder(URI.create(inboxUrl + "/health")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (health.statusCode() == 200) return;
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
    throw new IllegalStateException("dev-mailbox did not start; see " + log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
