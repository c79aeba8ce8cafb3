package io.cybernetcall.auth.service;

import io.cybernetcall.auth.model.User;
import java.time.Duration;
import java.util.UUID;

/**
 * A signed-in session ({@code sessionId}, its refresh-token family): a short-lived access JWT and
 * the opaque refresh token that renews it.
 */
public record IssuedSession(
    String accessToken,
    Duration accessLifetime,
    String refreshToken,
    Duration refreshLifetime,
    User user,
    UUID sessionId) {}
