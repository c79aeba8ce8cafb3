package io.cybernetcall.auth.rest.dto;

import java.util.List;

/** A user's devices and their public keys, oldest first. */
public record UserKeysView(String userId, List<DeviceKeyView> devices) {}
