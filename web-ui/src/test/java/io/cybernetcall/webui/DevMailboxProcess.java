package io.cybernetcall.webui;

import io.cybernetcall.testsupport.JavaServiceProcess;
import java.nio.file.Path;
import java.util.List;

/**
 * The development mailbox ({@code dev-mailbox}, as {@code run.sh} runs it) as a process of a
 * browser stack: notification-service sends to its SMTP port, and the suites read what arrived from
 * its web inbox ({@code E2E_MAILBOX_URL}), as a developer would.
 */
final class DevMailboxProcess implements AutoCloseable {

  private final JavaServiceProcess process;
  private final int smtpPort;

  private DevMailboxProcess(JavaServiceProcess process, int smtpPort) {
    this.process = process;
    this.smtpPort = smtpPort;
  }

  static DevMailboxProcess start(Path log) {
    int smtpPort = JavaServiceProcess.freePort();
    int webPort = JavaServiceProcess.freePort();
    return new DevMailboxProcess(
        JavaServiceProcess.startMain(
            System.getProperty("dev.mailbox.classpath"),
            "io.cybernetcall.devmailbox.DevMailbox",
            List.of(Integer.toString(smtpPort), Integer.toString(webPort)),
            webPort,
            "/health",
            log),
        smtpPort);
  }

  int smtpPort() {
    return smtpPort;
  }

  String inboxUrl() {
    return process.baseUrl();
  }

  @Override
  public void close() {
    process.close();
  }
}
