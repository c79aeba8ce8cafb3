package io.cybernetcall.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.IssuerKeys;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.SignalingClient;
import io.cybernetcall.testsupport.WithAuthService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.HandshakeRequest;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithAuthService(database = "cybernet_auth_signaling", redisDb = "3")
class ConnectionTest {

  @TestHTTPResource("/")
  URI base;

  @Inject OpenConnections openConnections;

  @ConfigProperty(name = AuthServiceProcess.ISSUER_PROPERTY)
  String issuer;

  @ConfigProperty(name = AuthServiceProcess.KEY_DIR_PROPERTY)
  java.nio.file.Path keyDir;

  @Test
  void welcomeNamesTheSessionTimeIceServersAndContactsPresence() throws Exception {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);

    try (SignalingClient bobSocket = SignalingClient.browser(base, bob.accessToken());
        SignalingClient aliceSocket = SignalingClient.browser(base, alice.accessToken())) {
      JsonPath welcome = aliceSocket.welcome;
      assertThat(welcome.getString("userId")).isEqualTo(alice.id());
      assertThat(welcome.getString("sessionId")).isNotBlank().isNotEqualTo(bobSocket.sessionId());
      assertThat(Instant.parse(welcome.getString("serverTime")))
          .isBetween(Instant.now().minusSeconds(10), Instant.now().plusSeconds(10));
      assertThat(welcome.getList("presence.userId")).containsExactly(bob.id());
      assertThat(welcome.getList("presence.online")).containsExactly(true);

      // Ephemeral TURN credentials in coturn's REST scheme, valid at most one hour.
      String username = welcome.getString("iceServers[1].username");
      long expiry = Long.parseLong(username.split(":")[0]);
      assertThat(username).endsWith(":" + alice.id());
      assertThat(expiry - Instant.now().getEpochSecond()).isBetween(3000L, 3600L);
      assertThat(welcome.getString("iceServers[1].credential"))
          .isEqualTo(hmac("test-only-turn-secret", username));
      // Every URL follows from the one signaling.ice.server setting.
      assertThat(welcome.getList("iceServers[0].urls")).containsExactly("stun:127.0.0.1:3478");
      assertThat(welcome.getList("iceServers[1].urls"))
          .containsExactly(
              "turn:127.0.0.1:3478?transport=udp",
              "turn:127.0.0.1:3478?transport=tcp",
              "turns:127.0.0.1:5349?transport=tcp");
      assertThat(welcome.toString()).doesNotContain("test-only-turn-secret");

      // Bob, already connected, hears that Alice came online.
      JsonPath presence = bobSocket.next("presence");
      assertThat(presence.getString("userId")).isEqualTo(alice.id());
      assertThat(presence.getBoolean("online")).isTrue();
    }
  }

  @Test
  void nonBrowserClientsMayUseTheAuthorizationHeader() {
    User carol = new RealAccounts(issuer).create("carol");
    try (SignalingClient socket = SignalingClient.withHeader(base, carol.accessToken())) {
      assertThat(socket.welcome.getString("userId")).isEqualTo(carol.id());
      assertThat(socket.welcome.getList("presence")).isEmpty();
    }
  }

  @Test
  void anOpenSocketKeepsNoCopyOfTheTokenInItsUpgradeHeaders() {
    RealAccounts accounts = new RealAccounts(issuer);
    User ivan = accounts.create("ivan");
    User judy = accounts.create("judy");
    try (SignalingClient fromHeader = SignalingClient.withHeader(base, ivan.accessToken());
        SignalingClient fromSubprotocol = SignalingClient.browser(base, judy.accessToken())) {
      List<WebSocketConnection> open = new ArrayList<>();
      openConnections.forEach(open::add);
      assertThat(open).hasSizeGreaterThanOrEqualTo(2);
      for (WebSocketConnection connection : open) {
        HandshakeRequest upgrade = connection.handshakeRequest();
        assertThat(upgrade.header(HandshakeRequest.SEC_WEBSOCKET_KEY)).isNotBlank();
        assertThat(upgrade.header("Authorization")).isNull();
        assertThat(upgrade.headers().toString())
            .doesNotContain(ivan.accessToken())
            .doesNotContain(judy.accessToken());
      }
    }
  }

  @Test
  void clientsThatSendNoOriginAreNotBrowsersAndNeedOnlyTheToken() {
    User heidi = new RealAccounts(issuer).create("heidi");
    assertThat(upgradeStatus(heidi.accessToken(), null)).isEqualTo(101);
  }

  @Test
  void upgradeWithoutTokenIsRefused() {
    assertThat(upgradeStatus(null, SignalingClient.ALLOWED_ORIGIN)).isEqualTo(401);
  }

  @Test
  void upgradeWithForgedOrGarbageTokenIsRefused() {
    User dave = new RealAccounts(issuer).create("dave");
    String[] parts = dave.accessToken().split("\\.");
    String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
    assertThat(upgradeStatus(tampered, SignalingClient.ALLOWED_ORIGIN)).isEqualTo(401);
    assertThat(upgradeStatus("not.a.token", SignalingClient.ALLOWED_ORIGIN)).isEqualTo(401);
  }

  @Test
  void upgradeWithAnExpiredButGenuineTokenIsRefused() {
    User ivan = new RealAccounts(issuer).create("ivan");
    long now = Instant.now().getEpochSecond();
    String expired =
        IssuerKeys.sign(
            keyDir,
            "k1",
            "{\"iss\":\"%s\",\"aud\":\"cybernet-call\",\"sub\":\"%s\",\"iat\":%d,\"exp\":%d,\"sid\":\"x\"}"
                .formatted(issuer, ivan.id(), now - 900, now - 300));
    String fresh =
        IssuerKeys.sign(
            keyDir,
            "k1",
            "{\"iss\":\"%s\",\"aud\":\"cybernet-call\",\"sub\":\"%s\",\"iat\":%d,\"exp\":%d,\"sid\":\"x\"}"
                .formatted(issuer, ivan.id(), now, now + 300));
    assertThat(upgradeStatus(expired, SignalingClient.ALLOWED_ORIGIN)).isEqualTo(401);
    // The same token but unexpired is accepted: only the expiry made the difference.
    assertThat(upgradeStatus(fresh, SignalingClient.ALLOWED_ORIGIN)).isEqualTo(101);
  }

  @Test
  void tokenInTheQueryStringIsNotAccepted() throws Exception {
    User erin = new RealAccounts(issuer).create("erin");
    assertThat(
            upgradeStatus(
                null,
                SignalingClient.ALLOWED_ORIGIN,
                "/ws/signal?access_token=" + erin.accessToken()))
        .isEqualTo(401);
  }

  @Test
  void upgradeFromAForeignOriginIsForbidden() {
    User frank = new RealAccounts(issuer).create("frank");
    assertThat(upgradeStatus(frank.accessToken(), "https://evil.example")).isEqualTo(403);
    assertThat(upgradeStatus(frank.accessToken(), "http://localhost:8080.evil.example"))
        .isEqualTo(403);
  }

  @Test
  void aPeerThatStopsAnsweringPingsIsClosedAfterTheIdleTimeout() throws Exception {
    User lena = new RealAccounts(issuer).create("lena");
    try (java.net.Socket raw = new java.net.Socket(base.getHost(), base.getPort())) {
      raw.setSoTimeout(15_000);
      var out = raw.getOutputStream();
      out.write(
          ("GET /ws/signal HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                  + "Authorization: Bearer "
                  + lena.accessToken()
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      var in = new java.io.DataInputStream(raw.getInputStream());
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        head.append((char) in.readUnsignedByte());
      }
      assertThat(head.toString()).startsWith("HTTP/1.1 101");
      // Read frames (welcome, pings) and never answer a ping: the server must give up on us.
      long start = System.nanoTime();
      int closeCode = -1;
      while (closeCode < 0) {
        int opcode = in.readUnsignedByte() & 0x0F;
        int length = in.readUnsignedByte() & 0x7F;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = (int) in.readLong();
        }
        byte[] payload = in.readNBytes(length);
        if (opcode == 0x8) {
          closeCode = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
      }
      assertThat(closeCode).isEqualTo(1001);
      assertThat((System.nanoTime() - start) / 1_000_000_000).isBetween(2L, 10L);
    }
  }

  @Test
  void connectionsBeyondThePerUserCapAreRefused() {
    User grace = new RealAccounts(issuer).create("grace");
    List<SignalingClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        open.add(SignalingClient.browser(base, grace.accessToken()));
      }
      assertThat(upgradeStatus(grace.accessToken(), SignalingClient.ALLOWED_ORIGIN)).isEqualTo(429);
      open.remove(0).close();
      // A freed slot can be used again.
      org.awaitility.Awaitility.await()
          .until(() -> upgradeStatus(grace.accessToken(), SignalingClient.ALLOWED_ORIGIN) == 101);
    } finally {
      open.forEach(SignalingClient::close);
    }
  }

  private int upgradeStatus(String token, String origin) {
    return upgradeStatus(token, origin, "/ws/signal");
  }

  /**
   * The HTTP status of an upgrade attempt (101 when it succeeded). The JDK client sends exactly the
   * headers given; Vert.x's would add an Origin of its own.
   */
  private int upgradeStatus(String token, String origin, String path) {
    HttpClient client = HttpClient.newHttpClient();
    WebSocket.Builder builder = client.newWebSocketBuilder();
    if (origin != null) {
      builder.header("Origin", origin);
    }
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
    try {
      WebSocket socket =
          builder.buildAsync(uri, new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
      return 101;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException handshake) {
        return handshake.getResponse().statusCode();
      }
      throw new AssertionError(e);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String hmac(String secret, String username) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder()
        .encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
  }
}
