package io.cybernetcall.auth.rest.dto;

/** What anyone signed in may see of another user (search results). */
public record UserSummary(String id, String username, String displayName) {}
