package io.cybernetcall.devmailbox;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Development mail catcher: accepts every email on SMTP {@code 127.0.0.1:2525} and shows them at
 * {@code http://localhost:8025} (newest first; each message's plain text with clickable links).
 * Nothing leaves the machine; nothing is kept after it stops.
 *
 * <pre>
 * java -cp 'dev-mailbox/target/classes:dev-mailbox/target/lib/*' io.cybernetcall.devmailbox.DevMailbox [smtpPort] [webPort]
 * </pre>
 */
public final class DevMailbox {

  private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"]+");

  private final GreenMail smtp;

  private DevMailbox(GreenMail smtp) {
    this.smtp = smtp;
  }

  public static void main(String[] args) throws IOException {
    int smtpPort = args.length > 0 ? Integer.parseInt(args[0]) : 2525;
    int webPort = args.length > 1 ? Integer.parseInt(args[1]) : 8025;
    GreenMail smtp =
        new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    DevMailbox mailbox = new DevMailbox(smtp);
    HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", webPort), 0);
    web.createContext("/", mailbox::inbox);
    web.createContext("/health", exchange -> send(exchange, 200, "text/plain", "ok"));
    web.start();
    System.out.printf(
        "dev-mailbox: SMTP 127.0.0.1:%d, inbox http://localhost:%d%n", smtpPort, webPort);
  }

  private void inbox(HttpExchange exchange) throws IOException {
    MimeMessage[] messages = smtp.getReceivedMessages();
    StringBuilder html =
        new StringBuilder(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Dev mailbox</title>"
                    + "<style>body{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto}"
                    + "article{border:1px solid #ccc;border-radius:6px;padding:1em;margin:1em 0}"
                    + "pre{white-space:pre-wrap}</style></head><body><h1>Dev mailbox</h1><p>")
            .append(messages.length)
            .append(" message(s), newest first. Reload to refresh.</p>");
    for (int i = messages.length - 1; i >= 0; i--) {
      MimeMessage message = messages[i];
      try {
        html.append("<article><p><b>")
            .append(escape(message.getSubject()))
            .append("</b><br>To: ")
            .append(escape(Arrays.toString(message.getAllRecipients())))
            .append("<br>Date: ")
            .append(escape(String.valueOf(message.getSentDate())))
            .append("</p><pre>")
            .append(linkify(escape(plainText(message))))
            .append("</pre></article>");
      } catch (Exception e) {
        html.append("<article>unreadable message: ")
            .append(escape(e.toString()))
            .append("</article>");
      }
    }
    send(exchange, 200, "text/html; charset=utf-8", html.append("</body></html>").toString());
  }

  private static String plainText(Part part) throws Exception {
    if (part.isMimeType("text/plain")) {
      return String.valueOf(part.getContent());
    }
    if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart body = multipart.getBodyPart(i);
        String text = plainText(body);
        if (!text.isEmpty()) {
          return text;
        }
      }
    }
    return "";
  }

  private static String linkify(String text) {
    Matcher matcher = LINK.matcher(text);
    return matcher.replaceAll(
        match -> "<a href=\"" + match.group() + "\">" + match.group() + "</a>");
  }

  private static String escape(String text) {
    return text == null
        ? ""
        : text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;");
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
