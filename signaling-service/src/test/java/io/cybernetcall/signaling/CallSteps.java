package io.cybernetcall.signaling;

import io.cybernetcall.testsupport.Frames;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.SealedPayloads;
import io.cybernetcall.testsupport.SignalingClient;
import io.restassured.path.json.JsonPath;
import java.util.UUID;

/** The frames of a call, and the steps tests take again and again, written once. */
final class CallSteps {

  private CallSteps() {}

  static String newCallId() {
    return UUID.randomUUID().toString();
  }

  static String offer(User to, String callId, String media) {
    return "{\"type\":\"offer\",\"to\":\"%s\",\"callId\":\"%s\",\"media\":\"%s\",\"sealed\":%s}"
        .formatted(to.id(), callId, media, SealedPayloads.json());
  }

  static String answer(User to, String callId) {
    return "{\"type\":\"answer\",\"to\":\"%s\",\"callId\":\"%s\",\"sealed\":%s}"
        .formatted(to.id(), callId, SealedPayloads.json());
  }

  static String peer(String type, User to, String callId) {
    return "{\"type\":\"%s\",\"to\":\"%s\",\"callId\":\"%s\"}".formatted(type, to.id(), callId);
  }

  static String candidate(User to, String callId) {
    return "{\"type\":\"candidate\",\"to\":\"%s\",\"callId\":\"%s\",\"sealed\":%s}"
        .formatted(to.id(), callId, SealedPayloads.json());
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
