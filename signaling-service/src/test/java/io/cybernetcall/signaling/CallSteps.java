package io.cybernetcall.signaling;

import io.cybernetcall.testsupport.Frames;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.SignalingClient;
import io.restassured.path.json.JsonPath;
import java.util.UUID;

/** The frames of a call, and the steps tests take again and again, written once. */
final class CallSteps {

  static final String SDP = "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\n";

  private CallSteps() {}

  static String newCallId() {
    return UUID.randomUUID().toString();
  }

  static String offer(User to, String callId, String media) {
    return "{\"type\":\"offer\",\"to\":\"%s\",\"callId\":\"%s\",\"media\":\"%s\",\"sdp\":\"%s\"}"
        .formatted(to.id(), callId, media, SDP);
  }

  static String peer(String type, User to, String callId) {
    return "{\"type\":\"%s\",\"to\":\"%s\",\"callId\":\"%s\"}".formatted(type, to.id(), callId);
  }

  static String candidate(User to, String callId) {
    return ("{\"type\":\"candidate\",\"to\":\"%s\",\"callId\":\"%s\",\"candidate\":"
            + "{\"candidate\":\"candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}")
        .formatted(to.id(), callId);
  }

  /** {@code from} sends {@code frame}; returns it as {@code to} received it. */
  static JsonPath relay(SignalingClient from, SignalingClient to, String frame) {
    from.send(frame);
    return to.next(Frames.type(frame));
  }

  /**
   * A call from {@code a} (user {@code alice}) to {@code b} (user {@code bob}) that bob accepted:
   * offer, then accept, each delivered. Returns the call id.
   */
  static String acceptedCall(
      SignalingClient a, User alice, SignalingClient b, User bob, String media) {
    String call = newCallId();
    relay(a, b, offer(bob, call, media));
    relay(b, a, peer("accept", alice, call));
    return call;
  }
}
