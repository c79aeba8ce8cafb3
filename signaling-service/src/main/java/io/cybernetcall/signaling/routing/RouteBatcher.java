package io.cybernetcall.signaling.routing;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the routing script for the frames routed on one event loop in one Redis call per lane, with
 * at most one call of a lane in flight: the frames that arrive while it is wait for it, and go
 * together in the next call. A lane is a slot on a Redis Cluster (the keys of one script call must
 * share a slot; the recipient's shard of the signal stream names it) and everything on a single
 * Redis, where a script may touch any keys.
 *
 * <p>Like a group commit: with little load nothing is in flight and a frame goes at the end of the
 * event-loop turn it was read in, with no delay; under load the calls carry as many frames as
 * arrived during one round trip, so one EVALSHA, one request and one reply replace one per frame
 * (docs/benchmarks.md, "Results with routing in lanes"), and the frames wait no longer than the
 * Redis would have queued them anyway. Each frame is still routed atomically (a whole batch runs as
 * one script) and in the order it was submitted; a socket's frames are processed one after another
 * by the endpoint, so a batch never reorders one sender's frames. A frame submitted off an event
 * loop runs alone. Refusals are per frame; a Redis failure (not a refusal) fails every frame of its
 * call, and each sender gets {@code unavailable} as it would have alone. A lane waits for a call's
 * reply or failure, or {@link #GIVE_UP_WAITING} at most: a call on a connection that went silent
 * must not hold up the frames behind it, which may go over another.
 */
@ApplicationScoped
public class RouteBatcher {

  /** Frames per script call at most; more waiting frames go in several calls at once. */
  static final int MAX_BATCH = 64;

  /** How long a lane waits for a call before it sends the next one anyway. */
  static final Duration GIVE_UP_WAITING = Duration.ofSeconds(2);

  private static final String THE_ONLY_LANE = "";

  private final Redis redis;
  private final DistributionSummary batchSizes;
  private final boolean lanePerSlot;
  // The lanes of an event-loop thread, touched on that thread only.
  private final ThreadLocal<Map<String, Lane>> lanes = ThreadLocal.withInitial(HashMap::new);

  public RouteBatcher(
      ReactiveRedisDataSource redis,
      MeterRegistry metrics,
      @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone")
          String clientType) {
    this.redis = redis.getRedis().getDelegate();
    this.lanePerSlot = "cluster".equals(clientType);
    this.batchSizes =
        DistributionSummary.builder("signaling.route.batch.frames")
            .description("Frames routed by one routing-script call")
            .register(metrics);
  }

  private record Pending(String[] keys, String[] args, Promise<Response> result) {}

  /** Frames for one lane of one event loop: those waiting, and whether a call is in flight. */
  private static final class Lane {
    final Thread thread = Thread.currentThread();
    final Context context;
    final List<Pending> waiting = new ArrayList<>();
    boolean inFlight;
    boolean sendScheduled;
    // Which call is in flight (a call given up on may land after the next one was sent), and since
    // when.
    long flight;
    long sentAt;

    Lane(Context context) {
      this.context = context;
    }
  }

  /**
   * Routes one frame: {@code keys} and {@code args} are the routing script's KEYS and ARGV for it,
   * {@code slot} names the slot of its keys. Completes with that frame's result. A Vert.x future
   * rather than a Uni: this is the hot path, and every Mutiny operator captures the propagated
   * context on every frame.
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
    Lane lane =
        lanes
            .get()
            .computeIfAbsent(
                lanePerSlot ? slot : THE_ONLY_LANE, any -> new Lane(eventLoop(context)));
    lane.waiting.add(frame);
    if (lane.inFlight && System.nanoTime() - lane.sentAt > GIVE_UP_WAITING.toNanos()) {
      lane.inFlight = false;
    }
    if (!lane.inFlight && !lane.sendScheduled) {
      lane.sendScheduled = true;
      // Runs after the frames already read in this turn have been submitted.
      lane.context.runOnContext(
          ignored -> {
            lane.sendScheduled = false;
            sendWaiting(lane);
          });
    }
  }

  private void sendWaiting(Lane lane) {
    if (lane.inFlight || lane.waiting.isEmpty()) {
      return;
    }
    // The lane is in flight before anything is sent: a reply may be handled before send returns,
    // and the frames it routes in turn (a call-settled after an accept) must wait for this call,
    // not be taken into it after it went.
    List<Pending> frames = List.copyOf(lane.waiting);
    lane.waiting.clear();
    lane.inFlight = true;
    lane.sentAt = System.nanoTime();
    long flight = ++lane.flight;
    List<Future<Response>> calls = new ArrayList<>();
    for (int from = 0; from < frames.size(); from += MAX_BATCH) {
      calls.add(send(frames.subList(from, Math.min(frames.size(), from + MAX_BATCH))));
    }
    Future.join(calls)
        .onComplete(
            done -> {
              if (Thread.currentThread() == lane.thread) {
                landed(lane, flight);
              } else {
                lane.context.runOnContext(ignored -> landed(lane, flight));
              }
            });
  }

  private void landed(Lane lane, long flight) {
    if (lane.flight == flight) {
      lane.inFlight = false;
      sendWaiting(lane);
    }
  }

  private Future<Response> send(List<Pending> frames) {
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
    return Delivery.ROUTE_BATCH_SCRIPT
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

  /** The event loop's own context, not a connection's copy of it, which a lane would outlive. */
  private static Context eventLoop(Context context) {
    return ((ContextInternal) context).unwrap();
  }
}
