package io.cybernetcall.auth.rest.dto;

/** A signed-in session: a short-lived access JWT and the opaque refresh token that renews it. */
public record TokenResponse(
    String accessToken,
    String tokenType,
    long expiresIn,
    String refreshToken,
    long refreshExpiresIn,
    UserView user) {}
