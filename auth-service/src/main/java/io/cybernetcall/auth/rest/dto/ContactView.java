package io.cybernetcall.auth.rest.dto;

import java.time.Instant;

/**
 * A relationship as the caller sees it. {@code state}: ACCEPTED (mutual contacts), OUTGOING (you
 * asked them), INCOMING (they asked you), BLOCKED (you blocked them), NONE (no relationship).
 */
public record ContactView(
    String userId, String username, String displayName, String state, Instant since) {}
