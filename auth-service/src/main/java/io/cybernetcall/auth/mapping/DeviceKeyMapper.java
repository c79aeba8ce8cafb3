package io.cybernetcall.auth.mapping;

import io.cybernetcall.auth.model.DeviceKey;
import io.cybernetcall.auth.rest.dto.DeviceKeyView;
import io.cybernetcall.auth.rest.dto.UserKeysView;
import java.util.List;
import java.util.UUID;

/** Key directory entries to the shapes the REST API returns (docs/auth-api.md). */
public final class DeviceKeyMapper {

  private DeviceKeyMapper() {}

  public static DeviceKeyView toView(DeviceKey device) {
    return new DeviceKeyView(
        device.deviceId.toString(), device.signingKey, device.agreementKey, device.createdAt);
  }

  public static UserKeysView toView(UUID userId, List<DeviceKey> devices) {
    return new UserKeysView(
        userId.toString(), devices.stream().map(DeviceKeyMapper::toView).toList());
  }
}
