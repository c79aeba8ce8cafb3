package io.cybernetcall.contracts.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginPolicyTest {

  private final OriginPolicy production =
      new OriginPolicy(List.of("https://call.example.com"), false);
  private final OriginPolicy development = new OriginPolicy(List.of("http://localhost:8080"), true);

  @Test
  void productionAllowsExactlyTheConfiguredOrigins() {
    assertThat(production.allows("https://call.example.com")).isTrue();
    assertThat(production.allows("http://call.example.com")).isFalse();
    assertThat(production.allows("https://call.example.com:8443")).isFalse();
    assertThat(production.allows("http://localhost:8080")).isFalse();
    assertThat(production.allows("http://127.0.0.1:8080")).isFalse();
    assertThat(production.allows(null)).isFalse();
    assertThat(production.publicOrigin()).contains("https://call.example.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:8080",
        "http://localhost:3000",
        "http://127.0.0.1:8080",
        "http://127.1.2.3",
        "http://[::1]:8080",
        "http://192.168.1.20:8080",
        "http://10.0.0.5:8080",
        "http://172.16.4.1:8080",
        "http://172.31.255.255",
        "http://169.254.10.10:8080",
        "http://[fd12:3456::1]:8080",
        "http://[fe80::1]:8080",
        "http://mybox:8080",
        "https://mybox.local",
        "http://nas.lan:8080",
        "http://studio.home.arpa",
        "http://app.localhost:8080",
        "http://build.internal"
      })
  void developmentAcceptsTheNamesOfALocalNetwork(String origin) {
    assertThat(development.allows(origin)).as(origin).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://evil.example",
        "https://abc.ngrok-free.app",
        "http://8.8.8.8",
        "http://172.32.0.1",
        "http://100.64.0.1",
        "http://[2001:db8::1]",
        "http://localhost.evil.example",
        "http://192.168.1.20.nip.io",
        "http://2130706433",
        "http://999.1.1.1",
        "ftp://localhost",
        "null",
        "http://localhost/path",
        "http://user@localhost",
        ""
      })
  void developmentStillRefusesEverythingElse(String origin) {
    assertThat(development.allows(origin)).as(origin).isFalse();
  }

  @Test
  void secureCookiesAreKeptOnHttpsAndLocalhostOnly() {
    assertThat(OriginPolicy.keepsSecureCookies("https://call.example.com")).isTrue();
    assertThat(OriginPolicy.keepsSecureCookies("http://localhost:8080")).isTrue();
    assertThat(OriginPolicy.keepsSecureCookies("http://192.168.1.20:8080")).isFalse();
    assertThat(OriginPolicy.keepsSecureCookies("http://127.0.0.1:8080")).isFalse();
  }
}
