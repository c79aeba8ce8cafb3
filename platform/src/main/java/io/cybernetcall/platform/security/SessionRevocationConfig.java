package io.cybernetcall.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How every service learns of ended sessions ({@code user.sessions-revoked}). */
@ConfigMapping(prefix = "cybernet.sessions")
public interface SessionRevocationConfig {

  /**
   * How long an ended session is remembered, and how far back a starting replica reads the user
   * stream to learn the revocations made before it started. Longer than the access token lifetime.
   */
  @WithDefault("PT15M")
  Duration revocationMemory();
}
