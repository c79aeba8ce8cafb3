package io.cybernetcall.signaling.rest;

import io.cybernetcall.signaling.protocol.Sender;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The {@link Sender} behind an authenticated HTTP request: {@code http:<sid>} as its session. */
final class HttpSenders {

  private HttpSenders() {}

  static Sender of(SecurityIdentity identity) {
    JsonWebToken token = (JsonWebToken) identity.getPrincipal();
    return new Sender(
        token.getSubject(),
        "http:" + token.getClaim("sid"),
        identity.getCredential(AccessTokenCredential.class).getToken());
  }
}
