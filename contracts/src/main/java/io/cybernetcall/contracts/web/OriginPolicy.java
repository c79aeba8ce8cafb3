package io.cybernetcall.contracts.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which browser origins may use the session ({@code web-ui}'s {@code /session}) and open the
 * signaling socket: exactly the configured public origins, and, where {@code allowLocal} is on (a
 * developer's machine, never a public deployment), any origin whose host is a name or address of a
 * local network. People reach a self-hosted app by many such names ({@code 127.0.0.1}, the
 * machine's name, its LAN address); a public tunnel or domain must be configured.
 *
 * <p>Local means: {@code localhost} and {@code *.localhost}; loopback, private (RFC 1918), link-
 * local and unique-local IP literals; single-label names ({@code mybox}); and the names of the
 * local-network suffixes {@code .local}, {@code .lan}, {@code .home.arpa} and {@code .internal}. No
 * name is resolved: a DNS answer cannot widen the rule.
 */
public final class OriginPolicy {

  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final List<String> LOCAL_SUFFIXES =
      List.of(".localhost", ".local", ".lan", ".home.arpa", ".internal");

  private final Set<String> allowed;
  private final boolean allowLocal;
  private final Optional<String> publicOrigin;

  /**
   * @param allowed the exact origins the app is served from, the first being the public one
   * @param allowLocal whether a local network's names are accepted too (development)
   */
  public OriginPolicy(List<String> allowed, boolean allowLocal) {
    this.allowed = Set.copyOf(allowed);
    this.allowLocal = allowLocal;
    this.publicOrigin = allowed.stream().findFirst();
  }

  public boolean allows(String origin) {
    if (origin == null) {
      return false;
    }
    if (allowed.contains(origin)) {
      return true;
    }
    return allowLocal && hostOf(origin).map(OriginPolicy::isLocalHost).orElse(false);
  }

  /** Where the installation is meant to be opened, for a refusal that says so. */
  public Optional<String> publicOrigin() {
    return publicOrigin;
  }

  /** The host of an http(s) origin ({@code scheme://host[:port]}, nothing else), lower-cased. */
  static Optional<String> hostOf(String origin) {
    try {
      URI uri = new URI(origin);
      String scheme = uri.getScheme();
      boolean bare =
          uri.getRawPath() != null
              && uri.getRawPath().isEmpty()
              && uri.getRawQuery() == null
              && uri.getRawFragment() == null
              && uri.getRawUserInfo() == null;
      if (uri.getHost() == null || !bare || !("http".equals(scheme) || "https".equals(scheme))) {
        return Optional.empty();
      }
      return Optional.of(uri.getHost().toLowerCase(Locale.ROOT));
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }

  static boolean isLocalHost(String host) {
    if (host.startsWith("[") && host.endsWith("]")) {
      return isLocalIpv6(host.substring(1, host.length() - 1));
    }
    var ipv4 = IPV4.matcher(host);
    if (ipv4.matches()) {
      int[] octets = new int[4];
      for (int i = 0; i < 4; i++) {
        octets[i] = Integer.parseInt(ipv4.group(i + 1));
        if (octets[i] > 255) {
          return false;
        }
      }
      return octets[0] == 127
          || octets[0] == 10
          || (octets[0] == 172 && octets[1] >= 16 && octets[1] <= 31)
          || (octets[0] == 192 && octets[1] == 168)
          || (octets[0] == 169 && octets[1] == 254);
    }
    if (host.equals("localhost") || LABEL.matcher(host).matches()) {
      return !host.chars().allMatch(Character::isDigit); // "2130706433" is an address, not a name
    }
    return LOCAL_SUFFIXES.stream()
        .anyMatch(suffix -> host.endsWith(suffix) && host.length() > suffix.length());
  }

  private static boolean isLocalIpv6(String address) {
    String lower = address.toLowerCase(Locale.ROOT);
    if (lower.equals("::1")) {
      return true;
    }
    // fc00::/7 (unique local) and fe80::/10 (link-local)
    return lower.matches("f[cd][0-9a-f]{0,2}:.*") || lower.matches("fe[89ab][0-9a-f]?:.*");
  }

  /**
   * Whether a browser keeps a {@code Secure} cookie set for this origin: on https, and on {@code
   * localhost}, which browsers treat as secure. Elsewhere over plain http (a LAN address during
   * development) a {@code Secure} cookie would be dropped and the session lost on reload.
   */
  public static boolean keepsSecureCookies(String origin) {
    if (origin == null) {
      return true;
    }
    if (origin.startsWith("https://")) {
      return true;
    }
    return hostOf(origin)
        .map(host -> host.equals("localhost") || host.endsWith(".localhost"))
        .orElse(true);
  }
}
