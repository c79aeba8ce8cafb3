package io.cybernetcall.auth.service;

import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.auth.model.DeviceKey;
import io.cybernetcall.auth.repository.ContactRepository;
import io.cybernetcall.auth.repository.DeviceKeyRepository;
import io.cybernetcall.contracts.events.DeviceKeyChanged;
import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.platform.problem.CommonProblem;
import io.cybernetcall.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The key directory: each device of a user and its public keys, so that contacts can seal signaling
 * to it and check what it signed. Only public keys are held here; a device's private keys never
 * leave its browser. A device's keys never change: new keys are a new device, which contacts hear
 * about ({@code device.key-added}) and can warn of.
 */
@ApplicationScoped
public class KeyDirectory {

  /** A registration's outcome: the device, and whether this call added it. */
  public record Registration(DeviceKey device, boolean added) {}

  private final DeviceKeyRepository devices;
  private final ContactRepository contacts;
  private final OutboxService outbox;
  private final AuthConfig config;
  private final Clock clock;

  public KeyDirectory(
      DeviceKeyRepository devices,
      ContactRepository contacts,
      OutboxService outbox,
      AuthConfig config,
      Clock clock) {
    this.devices = devices;
    this.contacts = contacts;
    this.outbox = outbox;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Registers a device of the user with its keys; the same keys again change nothing (a device
   * registers at every sign-in), other keys for a known device are refused.
   */
  @Transactional
  public Registration register(UUID userId, UUID deviceId, String signingKey, String agreementKey) {
    DevicePublicKeys.requireP256("signingKey", signingKey);
    DevicePublicKeys.requireP256("agreementKey", agreementKey);
    DeviceKey known = devices.findById(new DeviceKey.Key(userId, deviceId));
    if (known != null) {
      if (known.signingKey.equals(signingKey) && known.agreementKey.equals(agreementKey)) {
        return new Registration(known, false);
      }
      throw new ProblemException(
          AuthProblem.DEVICE_KEYS_DIFFER,
          "This device is registered with other keys. A device's keys never change: register"
              + " new keys as a new device.");
    }
    if (devices.countOf(userId) >= config.keys().maxDevicesPerUser()) {
      throw new ProblemException(
          AuthProblem.TOO_MANY_DEVICES,
          "At most "
              + config.keys().maxDevicesPerUser()
              + " devices per account; remove one first.");
    }
    DeviceKey device = new DeviceKey();
    device.userId = userId;
    device.deviceId = deviceId;
    device.signingKey = signingKey;
    device.agreementKey = agreementKey;
    device.createdAt = clock.instant();
    devices.persist(device);
    announce(EventTypes.DEVICE_KEY_ADDED, device);
    return new Registration(device, true);
  }

  /** Removes one of the user's devices (signed out for good, or lost). */
  @Transactional
  public void remove(UUID userId, UUID deviceId) {
    DeviceKey device = devices.findById(new DeviceKey.Key(userId, deviceId));
    if (device == null) {
      throw new ProblemException(CommonProblem.NOT_FOUND, "No such device.");
    }
    devices.delete(device);
    announce(EventTypes.DEVICE_KEY_REMOVED, device);
  }

  /**
   * A user's devices as {@code callerId} may see them: their own, or an accepted contact's. Anyone
   * else gets the same answer as for a user who does not exist.
   */
  @Transactional
  public List<DeviceKey> devicesOf(UUID callerId, UUID userId) {
    if (!callerId.equals(userId) && !contacts.isAccepted(callerId, userId)) {
      throw new ProblemException(CommonProblem.NOT_FOUND, "No such contact.");
    }
    return devices.devicesOf(userId);
  }

  private void announce(String type, DeviceKey device) {
    outbox.enqueue(
        StreamNames.DEVICE_EVENTS,
        type,
        device.userId,
        new DeviceKeyChanged(device.userId.toString(), device.deviceId.toString()));
  }
}
