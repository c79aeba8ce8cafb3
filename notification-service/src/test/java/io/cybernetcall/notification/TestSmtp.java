package io.cybernetcall.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A real SMTP server in-process (GreenMail) that a test can stop and start on the same port. */
public final class TestSmtp {

  private final int port;
  private GreenMail server;

  TestSmtp(int port) {
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
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  /** Messages received (since the last start) addressed to {@code address}. */
  synchronized List<MimeMessage> to(String address) {
    List<MimeMessage> result = new ArrayList<>();
    if (server == null) {
      return result;
    }
    for (MimeMessage message : server.getReceivedMessages()) {
      try {
        Address[] recipients = message.getAllRecipients();
        if (recipients != null
            && Arrays.stream(recipients).anyMatch(r -> r.toString().contains(address))) {
          result.add(message);
        }
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return result;
  }
}
