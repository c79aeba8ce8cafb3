package io.cybernetcall.contracts.events;

/**
 * Payload of {@link EventTypes#DEVICE_KEY_ADDED} and {@link EventTypes#DEVICE_KEY_REMOVED}: a
 * device of {@code userId} registered its public keys in the key directory, or they were removed.
 * The keys themselves stay in auth-service; whoever needs them reads the directory.
 */
public record DeviceKeyChanged(String userId, String deviceId) {

  public DeviceKeyChanged {
    Require.present(userId, "userId");
    Require.present(deviceId, "deviceId");
  }
}
