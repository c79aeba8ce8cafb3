package io.cybernetcall.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.net.URI;

/**
 * {@link SignalingSocket} as tests use it: frames read as {@link JsonPath}, the welcome frame
 * already taken, assertions on what does and does not arrive.
 */
public final class SignalingClient implements AutoCloseable {

  /** The Origin signaling-service allows by default. */
  public static final String ALLOWED_ORIGIN = SignalingSocket.ALLOWED_ORIGIN;

  private final SignalingSocket socket;
  public final JsonPath welcome;

  private SignalingClient(SignalingSocket socket) {
    this.socket = socket;
    this.welcome = new JsonPath(socket.next("welcome"));
  }

  /** Connects like a browser on the allowed origin: the token rides in a subprotocol. */
  public static SignalingClient browser(URI base, String token) {
    return connect(base.toString(), token, true);
  }

  /** Connects with the token in the Authorization header (non-browser clients). */
  public static SignalingClient withHeader(URI base, String token) {
    return connect(base.toString(), token, false);
  }

  /** Connects like a browser to {@code baseUrl} (a service or the web-ui gateway). */
  public static SignalingClient connect(String baseUrl, String token) {
    return connect(baseUrl, token, true);
  }

  /** Connects like a browser on {@code origin}. */
  public static SignalingClient connect(String baseUrl, String token, String origin) {
    return connect(baseUrl, token, origin, true);
  }

  private static SignalingClient connect(String baseUrl, String token, boolean viaSubprotocol) {
    return connect(baseUrl, token, ALLOWED_ORIGIN, viaSubprotocol);
  }

  private static SignalingClient connect(
      String baseUrl, String token, String origin, boolean viaSubprotocol) {
    try {
      return new SignalingClient(
          SignalingSocket.connect(baseUrl, token, origin, viaSubprotocol, null));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Could not connect to " + baseUrl, e);
    }
  }

  public String sessionId() {
    return welcome.getString("sessionId");
  }

  public void send(String text) {
    socket.sendAndWait(text);
  }

  /** Sends {@code text} as one message split into frames of {@code frameChars} characters. */
  public void sendFragmented(String text, int frameChars) {
    socket.sendFragmented(text, frameChars);
  }

  public void sendBinary(byte[] bytes) {
    socket.sendBinary(bytes);
  }

  /** The next frame of that type; frames of other types before it are kept aside. */
  public JsonPath next(String type) {
    return new JsonPath(socket.next(type));
  }

  /** The next frame of that type if one arrives within the time, else null. */
  public JsonPath nextWithin(String type, long millis) {
    String frame = socket.nextWithin(type, millis);
    return frame == null ? null : new JsonPath(frame);
  }

  /** The next frame of any type, set-aside frames first; null if none arrives in time. */
  public JsonPath nextAny(long millis) {
    String frame = socket.nextAny(millis);
    return frame == null ? null : new JsonPath(frame);
  }

  /** Asserts that no frame of that type arrives within the given time. */
  public void assertNo(String type, long millis) {
    for (String frame : socket.drain(millis)) {
      assertThat(Frames.type(frame)).as(frame).isNotEqualTo(type);
    }
  }

  /** How the server closed the socket, waiting up to ten seconds. */
  public SignalingSocket.Closed awaitClose() {
    return socket.awaitClose();
  }

  public boolean isOpen() {
    return socket.isOpen();
  }

  @Override
  public void close() {
    socket.close();
  }
}
