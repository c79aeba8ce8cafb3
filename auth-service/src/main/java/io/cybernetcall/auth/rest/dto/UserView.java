package io.cybernetcall.auth.rest.dto;

import java.time.Instant;

/** The signed-in user as they see themselves. */
public record UserView(
    String id,
    String username,
    String email,
    String displayName,
    boolean emailVerified,
    Instant createdAt) {}
