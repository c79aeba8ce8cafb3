package io.cybernetcall.auth.service;

/**
 * Who an identity provider says is signing in: its issuer and subject (the identity), and the
 * claims a new account is made from.
 */
public record ExternalProfile(
    String issuer,
    String subject,
    String username,
    String displayName,
    String email,
    boolean emailVerified) {}
