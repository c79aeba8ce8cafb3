package io.cybernetcall.signaling.service;

import io.cybernetcall.signaling.config.SignalingConfig;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The STUN and TURN URLs clients get, derived from the one {@code signaling.ice.server} setting
 * unless {@code stun-urls}/{@code turn-urls} name them explicitly.
 */
public record IceUrls(List<String> stun, List<String> turn) {

  /** coturn's default listening port for STUN and TURN over UDP and TCP. */
  static final int DEFAULT_PORT = 3478;

  public static IceUrls from(SignalingConfig.Ice config) {
    Optional<String> server = config.server().map(String::strip).filter(s -> !s.isEmpty());
    server.ifPresent(IceUrls::checkServer);
    List<String> stun =
        config
            .stunUrls()
            .orElseGet(() -> server.map(s -> List.of("stun:" + withPort(s))).orElse(List.of()));
    List<String> turn =
        config
            .turnUrls()
            .orElseGet(() -> server.map(s -> derivedTurn(s, config.tlsPort())).orElse(List.of()));
    return new IceUrls(List.copyOf(stun), List.copyOf(turn));
  }

  private static List<String> derivedTurn(String server, Optional<Integer> tlsPort) {
    String address = withPort(server);
    List<String> plain =
        List.of("turn:" + address + "?transport=udp", "turn:" + address + "?transport=tcp");
    return tlsPort
        .map(port -> concat(plain, "turns:" + host(server) + ":" + port + "?transport=tcp"))
        .orElse(plain);
  }

  private static List<String> concat(List<String> list, String last) {
    return Stream.concat(list.stream(), Stream.of(last)).toList();
  }

  private static final Pattern SERVER =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");

  /** {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}. */
  private static void checkServer(String server) {
    if (!SERVER.matcher(server).matches()) {
      throw new IllegalStateException(
          "signaling.ice.server must be a host name or address with an optional port, not a URL: "
              + server);
    }
  }

  private static String withPort(String server) {
    boolean hasPort = server.startsWith("[") ? server.contains("]:") : server.contains(":");
    return hasPort ? server : server + ":" + DEFAULT_PORT;
  }

  private static String host(String server) {
    if (server.startsWith("[")) {
      return server.substring(0, server.indexOf(']') + 1);
    }
    int colon = server.indexOf(':');
    return colon < 0 ? server : server.substring(0, colon);
  }
}
