package io.cybernetcall.signaling.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cybernetcall.platform.redis.LuaScript;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The call state machine (lua/signaling/call-state-machine.lua) transition by transition. It is a
 * pure function; Redis only runs the Lua, so no Quarkus boots and the table takes milliseconds.
 */
class CallStateMachineTest {

  private static final LuaScript NEXT_STATE =
      LuaScript.load("lua/signaling/call-state-machine.lua", "lua/test/next-call-state.lua");

  private static Vertx vertx;
  private static Redis redis;

  @BeforeAll
  static void connect() {
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, "redis://127.0.0.1:6379");
  }

  @AfterAll
  static void close() {
    redis.close();
    vertx.close();
  }

  @ParameterizedTest(name = "{0} in {1} ({2}) from {3} -> {4}")
  @CsvSource({
    // The callee's devices ring (each says so), then one accepts or declines.
    "ringing, offered,  video, callee, ringing",
    "ringing, ringing,  video, callee, ringing",
    "ringing, accepted, video, callee, invalid-state",
    "ringing, offered,  video, caller, invalid-state",
    "accept,  ringing,  video, callee, accepted",
    "accept,  offered,  audio, callee, accepted",
    "accept,  ringing,  video, caller, invalid-state",
    "accept,  accepted, video, callee, invalid-state",
    "reject,  ringing,  video, callee, ended",
    "busy,    offered,  audio, callee, ended",
    "reject,  ringing,  video, caller, invalid-state",
    "reject,  accepted, video, callee, invalid-state",
    // Media calls are answered after accept; a data-only call's answer is its accept.
    "answer,  accepted, video, callee, accepted",
    "answer,  ringing,  video, callee, invalid-state",
    "answer,  ringing,  data,  callee, accepted",
    "answer,  offered,  data,  callee, accepted",
    "answer,  ringing,  data,  caller, invalid-state",
    // Renegotiation reuses the call id only once the call is up.
    "offer,   accepted, video, caller, accepted",
    "offer,   accepted, video, callee, accepted",
    "offer,   ringing,  video, caller, call-exists",
    // Either side hangs up at any time; nothing moves an ended call.
    "hangup,  offered,  video, caller, ended",
    "hangup,  accepted, data,  callee, ended",
    "hangup,  ended,    video, caller, invalid-state",
    "accept,  ended,    video, callee, invalid-state",
    // The callee's device that answered holds the call; another of the callee's devices may not
    // answer, accept, decline or hang it up ('callee-elsewhere'); a callee's offer in an answered
    // call is the answering device rejoining after a reload (route.lua moves the call to it).
    "accept,  accepted, video, callee-elsewhere, answered-elsewhere",
    "reject,  accepted, video, callee-elsewhere, answered-elsewhere",
    "busy,    accepted, audio, callee-elsewhere, answered-elsewhere",
    "answer,  accepted, video, callee-elsewhere, answered-elsewhere",
    "answer,  accepted, data,  callee-elsewhere, answered-elsewhere",
    "offer,   accepted, video, callee-elsewhere, accepted",
    "hangup,  accepted, video, callee-elsewhere, answered-elsewhere",
    "accept,  ended,    video, callee-elsewhere, invalid-state",
  })
  void transition(String frame, String previous, String media, String sender, String expected)
      throws Exception {
    Response result =
        NEXT_STATE
            .run(
                redis,
                List.of(
                    "0",
                    frame,
                    previous,
                    media,
                    sender.startsWith("callee") ? "1" : "0",
                    "callee-elsewhere".equals(sender) ? "1" : "0"))
            .toCompletionStage()
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);

    String outcome =
        "ok".equals(result.get(0).toString()) ? result.get(1).toString() : result.get(0).toString();
    assertThat(outcome).isEqualTo(expected);
  }
}
