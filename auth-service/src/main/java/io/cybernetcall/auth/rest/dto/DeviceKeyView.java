package io.cybernetcall.auth.rest.dto;

import java.time.Instant;

/** One device of a user in the key directory, as listed to the user and their contacts. */
public record DeviceKeyView(
    String deviceId, String signingKey, String agreementKey, Instant addedAt) {}
