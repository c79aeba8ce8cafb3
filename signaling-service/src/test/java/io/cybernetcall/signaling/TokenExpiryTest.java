package io.cybernetcall.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** With an issuer that mints 5-second tokens: sockets close at expiry unless renewed in-band. */
@QuarkusTest
@QuarkusTestResource(
    value = AuthServiceProcess.class,
    restrictToAnnotatedClass = true,
    initArgs = {
      @ResourceArg(name = "database", value = "cybernet_auth_signaling"),
      @ResourceArg(name = "redis-db", value = "3"),
      @ResourceArg(name = "access-token-lifetime", value = "PT5S")
    })
class TokenExpiryTest {

  @TestHTTPResource("/")
  URI base;

  @ConfigProperty(name = AuthServiceProcess.ISSUER_PROPERTY)
  String issuer;

  @Test
  void socketClosesWith1008WhenItsTokenExpires() {
    User judy = new RealAccounts(issuer).create("judy");
    try (SignalingClient socket = SignalingClient.browser(base, judy.accessToken())) {
      long opened = System.nanoTime();
      assertThat(socket.awaitClose().getCode()).isEqualTo(1008);
      assertThat((System.nanoTime() - opened) / 1_000_000).isLessThan(8_000);
    }
  }

  @Test
  void aFreshTokenBeforeExpiryKeepsTheSocketOpen() throws Exception {
    RealAccounts accounts = new RealAccounts(issuer);
    User kim = accounts.create("kim");
    try (SignalingClient socket = SignalingClient.browser(base, kim.accessToken())) {
      Thread.sleep(3_000);
      socket.send(
          "{\"type\":\"auth\",\"token\":\"" + accounts.login(kim.username()).accessToken() + "\"}");
      socket.next("authenticated");
      // Past the first token's expiry, still open.
      Thread.sleep(3_500);
      assertThat(socket.isOpen()).isTrue();
      // Without another renewal, the second token's expiry closes it.
      assertThat(socket.awaitClose().getCode()).isEqualTo(1008);
    }
  }
}
