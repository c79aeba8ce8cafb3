package io.cybernetcall.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.SignalingClient;
import io.cybernetcall.testsupport.WithAuthService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** With an issuer that mints 5-second tokens: sockets close at expiry unless renewed in-band. */
@QuarkusTest
@WithAuthService(database = "cybernet_auth_signaling", redisDb = "3", accessTokenLifetime = "PT5S")
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
      assertThat(socket.awaitClose().code()).isEqualTo(1008);
      assertThat((System.nanoTime() - opened) / 1_000_000).isLessThan(8_000);
    }
  }

  @Test
  void aFreshTokenBeforeExpiryKeepsTheSocketOpen() throws Exception {
    RealAccounts accounts = new RealAccounts(issuer);
    User kim = accounts.create("kim");
    try (SignalingClient socket = SignalingClient.browser(base, kim.accessToken())) {
      // Tokens live 5 s here, in the real auth-service: renew 3 s into the first one's life.
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(socket::isOpen);
      socket.send(
          "{\"type\":\"auth\",\"token\":\"" + accounts.login(kim.username()).accessToken() + "\"}");
      socket.next("authenticated");
      // Open all the way past the first token's expiry.
      await().during(Duration.ofMillis(3_500)).atMost(Duration.ofSeconds(4)).until(socket::isOpen);
      // Without another renewal, the second token's expiry closes it.
      assertThat(socket.awaitClose().code()).isEqualTo(1008);
    }
  }
}
