package io.cybernetcall.signaling.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cybernetcall.signaling.config.SignalingConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the STUN/TURN URLs follow from {@code signaling.ice.server}; no Quarkus needed. */
class IceUrlsTest {

  @Test
  void oneHostNameGivesStunAndTurnOverUdpAndTcpOnTheDefaultPort() {
    IceUrls urls = IceUrls.from(ice("turn.example.com", null, null, null));
    assertThat(urls.stun()).containsExactly("stun:turn.example.com:3478");
    assertThat(urls.turn())
        .containsExactly(
            "turn:turn.example.com:3478?transport=udp", "turn:turn.example.com:3478?transport=tcp");
  }

  @Test
  void anExplicitPortAndATlsPortAreKept() {
    IceUrls urls = IceUrls.from(ice("203.0.113.7:3479", 443, null, null));
    assertThat(urls.stun()).containsExactly("stun:203.0.113.7:3479");
    assertThat(urls.turn())
        .containsExactly(
            "turn:203.0.113.7:3479?transport=udp",
            "turn:203.0.113.7:3479?transport=tcp",
            "turns:203.0.113.7:443?transport=tcp");
  }

  @Test
  void anIpv6AddressIsBracketed() {
    IceUrls urls = IceUrls.from(ice("[2001:db8::7]", 5349, null, null));
    assertThat(urls.stun()).containsExactly("stun:[2001:db8::7]:3478");
    assertThat(urls.turn()).last().isEqualTo("turns:[2001:db8::7]:5349?transport=tcp");
  }

  @Test
  void explicitUrlListsOverrideTheDerivedOnes() {
    IceUrls urls =
        IceUrls.from(
            ice(
                "turn.example.com",
                null,
                List.of("stun:stun.example.net:19302"),
                List.of("turn:t:1")));
    assertThat(urls.stun()).containsExactly("stun:stun.example.net:19302");
    assertThat(urls.turn()).containsExactly("turn:t:1");
  }

  @Test
  void nothingConfiguredMeansNoIceServers() {
    IceUrls urls = IceUrls.from(ice(null, null, null, null));
    assertThat(urls.stun()).isEmpty();
    assertThat(urls.turn()).isEmpty();
  }

  @Test
  void aUrlWhereAHostIsExpectedIsRefusedAtStartUp() {
    assertThatThrownBy(() -> IceUrls.from(ice("turn:turn.example.com:3478", null, null, null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a URL");
    assertThatThrownBy(() -> IceUrls.from(ice("https://turn.example.com/", null, null, null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("signaling.ice.server");
  }

  private static SignalingConfig.Ice ice(
      String server, Integer tlsPort, List<String> stun, List<String> turn) {
    return new SignalingConfig.Ice() {
      @Override
      public Optional<String> server() {
        return Optional.ofNullable(server);
      }

      @Override
      public Optional<Integer> tlsPort() {
        return Optional.ofNullable(tlsPort);
      }

      @Override
      public Optional<List<String>> stunUrls() {
        return Optional.ofNullable(stun);
      }

      @Override
      public Optional<List<String>> turnUrls() {
        return Optional.ofNullable(turn);
      }

      @Override
      public Optional<String> turnSecret() {
        return Optional.of("secret");
      }

      @Override
      public Duration credentialLifetime() {
        return Duration.ofHours(1);
      }
    };
  }
}
