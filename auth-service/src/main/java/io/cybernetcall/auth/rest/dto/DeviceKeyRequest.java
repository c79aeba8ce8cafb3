package io.cybernetcall.auth.rest.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PUT /api/keys/devices/{deviceId}}: the device's public keys, each an ECDSA or ECDH
 * P-256 SubjectPublicKeyInfo (what WebCrypto's {@code exportKey('spki')} gives) in base64.
 */
public record DeviceKeyRequest(
    @NotBlank(message = "is required") @Size(max = 200, message = "is too long") String signingKey,
    @NotBlank(message = "is required") @Size(max = 200, message = "is too long")
        String agreementKey) {}
