package io.cybernetcall.notification;

import io.cybernetcall.testsupport.JavaServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server that refuses every recipient with {@code 550} (a permanent failure), counting how
 * often it was asked: the test proves a permanent refusal is not retried.
 */
public class RejectingSmtp implements QuarkusTestResourceLifecycleManager {

  /** What the test sees of the server. */
  public static final class Recorder {
    final AtomicInteger recipientsRefused = new AtomicInteger();
  }

  private final Recorder recorder = new Recorder();
  private ServerSocket server;

  @Override
  public Map<String, String> start() {
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress("127.0.0.1", JavaServiceProcess.freePort()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Thread acceptor = new Thread(this::accept, "rejecting-smtp");
    acceptor.setDaemon(true);
    acceptor.start();
    return Map.of(
        "quarkus.mailer.host",
        "127.0.0.1",
        "quarkus.mailer.port",
        Integer.toString(server.getLocalPort()));
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(recorder, new TestInjector.MatchesType(Recorder.class));
  }

  @Override
  public void stop() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closed
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        converse(socket);
      } catch (IOException e) {
        // the client went away, or the server closed
      }
    }
  }

  private void converse(Socket socket) throws IOException {
    BufferedReader in =
        new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    OutputStream out = socket.getOutputStream();
    reply(out, "220 rejecting.test ESMTP");
    String line;
    while ((line = in.readLine()) != null) {
      String command = line.toUpperCase();
      if (command.startsWith("EHLO")) {
        reply(out, "250-rejecting.test\r\n250 8BITMIME");
      } else if (command.startsWith("HELO")
          || command.startsWith("MAIL FROM")
          || command.startsWith("RSET")
          || command.startsWith("NOOP")) {
        reply(out, "250 OK");
      } else if (command.startsWith("RCPT TO")) {
        recorder.recipientsRefused.incrementAndGet();
        reply(out, "550 5.1.1 No such user here");
      } else if (command.startsWith("QUIT")) {
        reply(out, "221 Bye");
        return;
      } else {
        reply(out, "503 5.5.1 Bad sequence of commands");
      }
    }
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
