package io.cybernetcall.signaling.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One entry of auth-service's {@code GET /api/contacts}; only what authorization needs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContactEntry(String userId, String state) {

  public boolean accepted() {
    return "ACCEPTED".equals(state);
  }
}
