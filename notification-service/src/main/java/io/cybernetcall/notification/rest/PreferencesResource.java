package io.cybernetcall.notification.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybernetcall.notification.repository.PreferenceRepository;
import io.cybernetcall.notification.service.NotificationKind;
import io.cybernetcall.platform.problem.CommonProblem;
import io.cybernetcall.platform.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/notifications/preferences}: which email types the signed-in user gets. Only types a
 * user may turn off appear; account-security mail (verification, password reset) always goes out.
 */
@Path("/api/notifications/preferences")
@Authenticated
@Blocking
public class PreferencesResource {

  private final PreferenceRepository preferences;
  private final SecurityIdentity identity;

  public PreferencesResource(PreferenceRepository preferences, SecurityIdentity identity) {
    this.preferences = preferences;
    this.identity = identity;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Boolean> get() {
    return current(userId());
  }

  /** Sets some or all of the types, e.g. {@code {"missed-call": false}}; answers with all. */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Transactional
  public Map<String, Boolean> put(ObjectNode body) {
    if (body == null || body.isEmpty()) {
      throw invalid("Send at least one type, e.g. {\"missed-call\": false}.");
    }
    UUID userId = userId();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      NotificationKind kind =
          NotificationKind.byId(entry.getKey())
              .filter(k -> k.preference() == k)
              .orElseThrow(() -> invalid("Unknown notification type '" + entry.getKey() + "'."));
      if (!kind.optional()) {
        throw invalid("'" + kind.id() + "' is account-security mail and cannot be turned off.");
      }
      if (!entry.getValue().isBoolean()) {
        throw invalid("'" + kind.id() + "' must be true or false.");
      }
      preferences.set(userId, kind.id(), entry.getValue().booleanValue());
    }
    return current(userId);
  }

  private Map<String, Boolean> current(UUID userId) {
    Map<String, Boolean> result = new LinkedHashMap<>();
    for (NotificationKind kind : NotificationKind.values()) {
      if (kind.optional() && kind.preference() == kind) {
        result.put(kind.id(), preferences.enabled(userId, kind.id()));
      }
    }
    return result;
  }

  private UUID userId() {
    try {
      return UUID.fromString(identity.getPrincipal().getName());
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          CommonProblem.UNSUPPORTED_SUBJECT, "The token's subject is not a Cybernet Call user id.");
    }
  }

  private static ProblemException invalid(String message) {
    return new ProblemException(NotificationProblem.INVALID_PREFERENCE, message);
  }
}
