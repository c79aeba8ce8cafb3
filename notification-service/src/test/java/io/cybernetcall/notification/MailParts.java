package io.cybernetcall.notification;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The decoded plain-text and HTML alternatives of a received email. */
record MailParts(String subject, String text, String html, String listUnsubscribe) {

  static MailParts of(MimeMessage message) {
    try {
      StringBuilder text = new StringBuilder();
      StringBuilder html = new StringBuilder();
      collect(message, text, html);
      return new MailParts(
          message.getSubject(),
          text.toString(),
          html.toString(),
          message.getHeader("List-Unsubscribe", null));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first link in the plain text that starts with {@code prefix}. */
  String link(String prefix) {
    Matcher matcher = Pattern.compile(Pattern.quote(prefix) + "\\S*").matcher(text);
    if (!matcher.find()) {
      throw new AssertionError("no link starting with " + prefix + " in:\n" + text);
    }
    return matcher.group();
  }

  private static void collect(Part part, StringBuilder text, StringBuilder html) throws Exception {
    if (part.isMimeType("text/plain")) {
      text.append(part.getContent());
    } else if (part.isMimeType("text/html")) {
      html.append(part.getContent());
    } else if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart body = multipart.getBodyPart(i);
        collect(body, text, html);
      }
    }
  }
}
