package io.cybernetcall.auth.service;

import io.cybernetcall.auth.model.User;
import java.time.Instant;

/**
 * How the caller relates to {@code other}. {@code state}: ACCEPTED (mutual contacts), OUTGOING (the
 * caller asked), INCOMING (they asked the caller), BLOCKED (the caller blocked them), NONE.
 */
public record Relationship(User other, String state, Instant since) {}
