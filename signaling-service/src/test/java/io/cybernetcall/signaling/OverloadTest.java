package io.cybernetcall.signaling;

import static io.cybernetcall.signaling.CallSteps.acceptedCall;
import static io.cybernetcall.signaling.CallSteps.candidate;
import static org.assertj.core.api.Assertions.assertThat;

import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.SignalingClient;
import io.cybernetcall.testsupport.TestRedis;
import io.cybernetcall.testsupport.WithAuthService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Frames faster than the replica routes them: a socket's frames wait in its own bounded queue, in
 * order, and a frame past the bound is refused at once with {@code unavailable} instead of growing
 * the heap. Routing is held up for real, with {@code CLIENT PAUSE} on Redis.
 */
@QuarkusTest
@TestProfile(OverloadTest.FourWaiting.class)
@WithAuthService(database = "cybernet_auth_signaling", redisDb = "3")
class OverloadTest {

  private static final int WAITING = 4;

  /** A socket may have four frames waiting behind the one in hand. */
  public static class FourWaiting implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("signaling.limits.queued-frames", Integer.toString(WAITING));
    }
  }

  @TestHTTPResource("/")
  URI base;

  @ConfigProperty(name = AuthServiceProcess.ISSUER_PROPERTY)
  String issuer;

  @Test
  void framesPastTheSocketsQueueAreRefusedAtOnceAndTheOthersArriveInOrder() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
      String call = acceptedCall(a, alice, b, bob, "audio");
      b.next("call-settled");

      // Routing stalls: the first frame is in hand, four wait, the other five find no room.
      int sent = 1 + WAITING + 5;
      TestRedis.pause(2_000);
      long pausedAt = System.nanoTime();
      for (int i = 0; i < sent; i++) {
        a.send(withRef(candidate(bob, call), "c" + i));
      }
      List<String> refused = new ArrayList<>();
      for (int i = 0; i < sent - 1 - WAITING; i++) {
        JsonPath error = a.next("error");
        assertThat(error.getString("code")).isEqualTo("unavailable");
        refused.add(error.getString("ref"));
      }
      // Refused while Redis was still paused: nothing waited for them.
      assertThat(System.nanoTime() - pausedAt).isLessThan(1_500_000_000L);
      assertThat(refused).containsExactly("c5", "c6", "c7", "c8", "c9");

      // Once Redis answers, the five that were taken are accepted and delivered in order.
      List<String> acceptedIds = new ArrayList<>();
      for (int i = 0; i <= WAITING; i++) {
        JsonPath accepted = a.next("accepted");
        assertThat(accepted.getString("ref")).isEqualTo("c" + i);
        acceptedIds.add(accepted.getString("id"));
      }
      List<String> deliveredIds = new ArrayList<>();
      long lastSeq = 0;
      for (int i = 0; i <= WAITING; i++) {
        JsonPath delivered = b.next("candidate");
        assertThat(delivered.getLong("seq")).isGreaterThan(lastSeq);
        lastSeq = delivered.getLong("seq");
        deliveredIds.add(delivered.getString("id"));
      }
      assertThat(deliveredIds).containsExactlyElementsOf(acceptedIds);
      b.assertNo("candidate", 500);

      // The refused ones sent again go through: nothing was lost, and the queue is free again.
      a.send(withRef(candidate(bob, call), "c5-again"));
      assertThat(a.next("accepted").getString("ref")).isEqualTo("c5-again");
      b.next("candidate");
    }
  }

  private static String withRef(String frame, String ref) {
    return "{\"ref\":\"" + ref + "\"," + frame.substring(1);
  }
}
