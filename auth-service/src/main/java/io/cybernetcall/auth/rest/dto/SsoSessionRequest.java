package io.cybernetcall.auth.rest.dto;

import jakarta.validation.constraints.Size;

/**
 * The optional body of a single sign-on: the provider's refresh token and ID token of the same
 * sign-in.
 */
public record SsoSessionRequest(
    @Size(max = 8192, message = "must be at most 8192 characters") String providerRefreshToken,
    @Size(max = 16384, message = "must be at most 16384 characters") String providerIdToken) {}
