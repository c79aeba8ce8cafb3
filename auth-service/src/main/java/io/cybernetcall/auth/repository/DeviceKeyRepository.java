package io.cybernetcall.auth.repository;

import io.cybernetcall.auth.model.DeviceKey;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DeviceKeyRepository implements PanacheRepositoryBase<DeviceKey, DeviceKey.Key> {

  /** The user's devices, oldest first. */
  public List<DeviceKey> devicesOf(UUID userId) {
    return list("userId", Sort.by("createdAt").and("deviceId"), userId);
  }

  public long countOf(UUID userId) {
    return count("userId", userId);
  }
}
