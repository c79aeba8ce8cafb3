package io.cybernetcall.notification.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybernetcall.notification.config.NotificationConfig;
import io.cybernetcall.notification.model.Delivery;
import io.cybernetcall.notification.repository.DeliveryRepository;
import io.quarkus.mailer.Mail;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an email from a recorded delivery: Qute templates {@code mail/<kind>.html} and {@code
 * .txt} (HTML with a plain-text alternative), the product name, a link back to the app, and for
 * every type a user may turn off a signed one-click unsubscribe link and {@code List-Unsubscribe}
 * headers (RFC 8058).
 */
@ApplicationScoped
public class MailComposer {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final Engine templates;
  private final UnsubscribeLinks unsubscribe;
  private final DeliveryRepository deliveries;
  private final NotificationConfig config;
  private final ObjectMapper json;

  public MailComposer(
      Engine templates,
      UnsubscribeLinks unsubscribe,
      DeliveryRepository deliveries,
      NotificationConfig config,
      ObjectMapper json) {
    this.templates = templates;
    this.unsubscribe = unsubscribe;
    this.deliveries = deliveries;
    this.config = config;
    this.json = json;
  }

  public Mail compose(Delivery delivery) {
    NotificationKind kind = NotificationKind.byId(delivery.kind).orElseThrow();
    Map<String, Object> data = new HashMap<>(payload(delivery.payload));
    data.put("product", config.productName());
    data.put("appUrl", config.appUrl());
    switch (kind) {
      case VERIFY_EMAIL -> data.put("link", withToken("/verify-email", data));
      case PASSWORD_RESET -> data.put("link", withToken("/reset-password", data));
      case CONTACT_REQUEST -> data.put("link", config.appUrl() + "/#contacts");
      case MISSED_CALL_DIGEST -> {
        List<Map<String, Object>> calls =
            deliveries.foldedInto(delivery.deliveryId).stream()
                .map(folded -> payload(folded.payload))
                .toList();
        data.put("calls", calls);
        data.put("callCount", calls.size());
        data.put("link", config.appUrl() + "/");
      }
      default -> data.put("link", config.appUrl() + "/");
    }
    String unsubscribeLink =
        kind.optional() && delivery.userId != null ? unsubscribe.link(delivery.userId, kind) : null;
    data.put("unsubscribe", unsubscribeLink);
    Mail mail =
        Mail.withHtml(delivery.email, subject(kind, data), render(kind, "html", data))
            .setText(render(kind, "txt", data));
    if (unsubscribeLink != null) {
      mail.addHeader("List-Unsubscribe", "<" + unsubscribeLink + ">");
      mail.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }
    return mail;
  }

  private String subject(NotificationKind kind, Map<String, Object> data) {
    String product = config.productName();
    return switch (kind) {
      case WELCOME -> "Welcome to " + product;
      case VERIFY_EMAIL -> "Confirm your email address for " + product;
      case PASSWORD_RESET -> "Reset your " + product + " password";
      case CONTACT_REQUEST -> data.get("requesterDisplayName") + " wants to connect on " + product;
      case MISSED_CALL -> "Missed call from " + data.get("callerDisplayName");
      case MISSED_CALL_DIGEST -> data.get("callCount") + " more missed calls on " + product;
    };
  }

  private String render(NotificationKind kind, String format, Map<String, Object> data) {
    TemplateInstance instance =
        templates.getTemplate("mail/" + kind.id() + "." + format).instance();
    data.forEach(instance::data);
    return instance.render();
  }

  private String withToken(String path, Map<String, Object> data) {
    return config.appUrl()
        + path
        + "?token="
        + URLEncoder.encode(String.valueOf(data.get("token")), StandardCharsets.UTF_8);
  }

  private Map<String, Object> payload(String text) {
    try {
      return json.readValue(text, MAP);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
