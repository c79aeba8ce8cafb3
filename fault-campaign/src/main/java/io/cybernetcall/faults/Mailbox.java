package io.cybernetcall.faults;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A real SMTP server (GreenMail) the campaign can take away and bring back on the same port. What
 * it received before each stop is kept, so every email ever accepted is counted.
 */
final class Mailbox implements AutoCloseable {

  private final int port;
  private final List<String> received = new ArrayList<>();
  private GreenMail server;

  Mailbox(int port) {
    this.port = port;
  }

  int port() {
    return port;
  }

  synchronized void start() {
    server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
  }

  synchronized void stop() {
    collect();
    server.stop();
    server = null;
  }

  /** Every recipient of every email received so far, one entry per delivery. */
  synchronized List<String> recipients() {
    List<String> all = new ArrayList<>(received);
    if (server != null) {
      all.addAll(recipientsOf(server.getReceivedMessages()));
    }
    return all;
  }

  private void collect() {
    received.addAll(recipientsOf(server.getReceivedMessages()));
  }

  private static List<String> recipientsOf(MimeMessage[] messages) {
    List<String> recipients = new ArrayList<>();
    for (MimeMessage message : messages) {
      try {
        for (Address to : message.getAllRecipients()) {
          recipients.add(to.toString());
        }
      } catch (MessagingException e) {
        recipients.add("(unreadable)");
      }
    }
    return recipients;
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop();
    }
  }
}
