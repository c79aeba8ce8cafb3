package io.cybernetcall.notification.rest;

import io.cybernetcall.notification.config.NotificationConfig;
import io.cybernetcall.notification.repository.PreferenceRepository;
import io.cybernetcall.notification.service.UnsubscribeLinks;
import io.cybernetcall.platform.problem.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The unsubscribe link of every optional email. {@code POST} turns the type off (RFC 8058
 * one-click, what mail clients send for {@code List-Unsubscribe-Post}); {@code GET}, what a person
 * clicking the link sends (and what link scanners fetch), only shows a confirmation button.
 */
@Path("/api/notifications/unsubscribe")
@Blocking
public class UnsubscribeResource {

  private final UnsubscribeLinks links;
  private final PreferenceRepository preferences;
  private final String appUrl;

  public UnsubscribeResource(
      UnsubscribeLinks links, PreferenceRepository preferences, NotificationConfig config) {
    this.links = links;
    this.preferences = preferences;
    this.appUrl = config.appUrl();
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public String confirm(@QueryParam("token") String token) {
    UnsubscribeLinks.Grant grant = verify(token);
    return page(
        "<p>Stop "
            + grant.kind().preference().label()
            + " emails from Cybernet Call?</p>"
            + "<form method=\"post\"><button type=\"submit\">Unsubscribe</button></form>");
  }

  @POST
  @Produces(MediaType.TEXT_HTML)
  @Transactional
  public String unsubscribe(@QueryParam("token") String token) {
    UnsubscribeLinks.Grant grant = verify(token);
    preferences.set(grant.userId(), grant.kind().id(), false);
    return page(
        "<p>Done: you will no longer get "
            + grant.kind().preference().label()
            + " emails from Cybernet Call. Other emails are unchanged.</p>"
            + "<p>To have them again, open <a href=\""
            + escape(appUrl)
            + "/\">Cybernet Call</a> and choose Settings → Email.</p>");
  }

  private UnsubscribeLinks.Grant verify(String token) {
    if (token == null || token.length() > 512) {
      throw invalidLink();
    }
    return links.verify(token).orElseThrow(UnsubscribeResource::invalidLink);
  }

  private static ProblemException invalidLink() {
    return new ProblemException(
        NotificationProblem.INVALID_UNSUBSCRIBE_LINK,
        "This unsubscribe link is invalid or has expired.");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
  }

  private static String page(String body) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Email preferences</title></head><body>"
        + body
        + "</body></html>";
  }
}
