package io.cybernetcall.notification.rest;

import io.cybernetcall.notification.config.NotificationConfig;
import io.cybernetcall.notification.model.Delivery;
import io.cybernetcall.notification.repository.DeliveryRepository;
import io.cybernetcall.platform.problem.CommonProblem;
import io.cybernetcall.platform.problem.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operators' dead-letter view: emails recorded as failed (permanent SMTP refusal, or retries
 * exhausted) with their last error. Guarded by {@code NOTIFICATION_ADMIN_TOKEN}; not routed by the
 * Ingress (only {@code /api/...} is public).
 */
@Path("/admin/notifications")
@Blocking
public class AdminResource {

  private final DeliveryRepository deliveries;
  private final NotificationConfig config;

  public AdminResource(DeliveryRepository deliveries, NotificationConfig config) {
    this.deliveries = deliveries;
    this.config = config;
  }

  @GET
  @Path("/failed")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> failed(
      @HeaderParam("Authorization") String authorization, @QueryParam("limit") Integer limit) {
    authorize(authorization);
    int size = limit == null ? 100 : Math.max(1, Math.min(limit, 1000));
    List<Map<String, Object>> items =
        deliveries.failed(size).stream().map(AdminResource::describe).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", deliveries.countByStatus(Delivery.FAILED));
    body.put("items", items);
    return body;
  }

  private void authorize(String authorization) {
    String expected = config.adminToken().map(token -> "Bearer " + token).orElse(null);
    if (expected == null) {
      throw new ProblemException(CommonProblem.NOT_FOUND, "Admin endpoints are disabled.");
    }
    if (authorization == null
        || !MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8),
            authorization.getBytes(StandardCharsets.UTF_8))) {
      throw new ProblemException(CommonProblem.UNAUTHENTICATED, "The admin token is required.");
    }
  }

  private static Map<String, Object> describe(Delivery delivery) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("id", delivery.deliveryId);
    item.put("kind", delivery.kind);
    item.put("email", delivery.email);
    item.put("attempts", delivery.attempts);
    item.put("lastError", delivery.lastError);
    item.put("createdAt", delivery.createdAt.toString());
    return item;
  }
}
