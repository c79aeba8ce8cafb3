package io.cybernetcall.signaling.routing;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the routing script for every frame routed in one event-loop turn to recipients of one slot
 * in one Redis call.
 *
 * <p>Under load many sockets have a frame ready in the same turn; one EVALSHA per slot (the
 * recipient's shard of the signal stream) replaces one round trip, one Redis request and one Redis
 * command per frame; the calls of one turn go out together, each to the node that serves its slot.
 * Each frame is still routed atomically (a whole batch runs as one script) and in the order it was
 * submitted; a socket's frames are processed one after another by the endpoint, so a batch never
 * reorders one sender's frames. A frame submitted off an event loop runs alone. Refusals are per
 * frame; a Redis failure (not a refusal) fails every frame of its batch, and each sender gets
 * {@code unavailable} as it would have alone.
 */
@ApplicationScoped
public class RouteBatcher {

  /** Frames per script call at most; a full batch is sent at once. */
  static final int MAX_BATCH = 64;

  private final Redis redis;
  private final DistributionSummary batchSizes;
  // The open batches of an event-loop thread, one per slot: a batch completes on the thread that
  // filled it.
  private final ThreadLocal<Map<String, Batch>> open = new ThreadLocal<>();

  public RouteBatcher(ReactiveRedisDataSource redis, MeterRegistry metrics) {
    this.redis = redis.getRedis().getDelegate();
    this.batchSizes =
        DistributionSummary.builder("signaling.route.batch.frames")
            .description("Frames routed by one routing-script call")
            .register(metrics);
  }

  private record Pending(String[] keys, String[] args, Promise<Response> result) {}

  private static final class Batch {
    final List<Pending> frames = new ArrayList<>();
    boolean sent;
  }

  /**
   * Routes one frame: {@code keys} and {@code args} are the routing script's KEYS and ARGV for it,
   * {@code slot} names the slot of its keys (frames with the same one are batched). Completes with
   * that frame's result. A Vert.x future rather than a Uni: this is the hot path, and every Mutiny
   * operator captures the propagated context on every frame.
   */
  public Future<Response> route(String slot, String[] keys, String[] args) {
    if (keys.length != Delivery.ROUTE_KEYS || args.length != Delivery.ROUTE_ARGS) {
      throw new IllegalArgumentException("keys/args do not match the routing script");
    }
    Promise<Response> result = Promise.promise();
    submit(slot, new Pending(keys, args, result));
    return result.future();
  }

  private void submit(String slot, Pending frame) {
    Context context = Vertx.currentContext();
    if (context == null || !Context.isOnEventLoopThread()) {
      send(List.of(frame));
      return;
    }
    Map<String, Batch> batches = open.get();
    if (batches == null) {
      Map<String, Batch> fresh = new HashMap<>();
      open.set(fresh);
      // Runs after the frames already read in this turn have been submitted.
      context.runOnContext(ignored -> closeTurn(fresh));
      batches = fresh;
    }
    Batch batch = batches.computeIfAbsent(slot, any -> new Batch());
    batch.frames.add(frame);
    if (batch.frames.size() >= MAX_BATCH) {
      batches.remove(slot);
      close(batch);
    }
  }

  private void closeTurn(Map<String, Batch> batches) {
    if (open.get() == batches) {
      open.remove();
    }
    batches.values().forEach(this::close);
  }

  private void close(Batch batch) {
    if (!batch.sent) {
      batch.sent = true;
      send(batch.frames);
    }
  }

  private void send(List<Pending> frames) {
    batchSizes.record(frames.size());
    // KEYS: every frame's keys in order; ARGV: the frame count, then every frame's args.
    List<String> keysAndArgs =
        new ArrayList<>(2 + frames.size() * (Delivery.ROUTE_KEYS + Delivery.ROUTE_ARGS));
    keysAndArgs.add(Integer.toString(frames.size() * Delivery.ROUTE_KEYS));
    for (Pending frame : frames) {
      keysAndArgs.addAll(List.of(frame.keys()));
    }
    keysAndArgs.add(Integer.toString(frames.size()));
    for (Pending frame : frames) {
      keysAndArgs.addAll(List.of(frame.args()));
    }
    Delivery.ROUTE_BATCH_SCRIPT
        .run(redis, keysAndArgs)
        .onComplete(
            done -> {
              for (int i = 0; i < frames.size(); i++) {
                Promise<Response> result = frames.get(i).result();
                if (done.failed()) {
                  result.fail(done.cause());
                } else {
                  result.complete(done.result().get(i));
                }
              }
            });
  }
}
