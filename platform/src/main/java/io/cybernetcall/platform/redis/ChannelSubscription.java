package io.cybernetcall.platform.redis;

import io.vertx.core.Context;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One channel listened on over a connection of its own, for as long as it is open.
 *
 * <p>When the connection ends or fails, or the server drops the subscription ({@code sunsubscribe}:
 * the channel's slot moved to another master, as in a failover), it subscribes again on a fresh
 * connection, which finds the slot's current master; the wait doubles from 50 ms to 2 s while that
 * fails. Messages published meanwhile are not received: pub/sub is at most once, so every user of
 * it has another way to the same data.
 */
public final class ChannelSubscription {

  private static final Logger LOG = Logger.getLogger(ChannelSubscription.class);
  private static final long FIRST_RETRY_MS = 50;
  private static final long LAST_RETRY_MS = 2_000;

  // Null: subscribe through the shared client; otherwise a fresh client per attempt, closed after
  // it.
  private final Supplier<Redis> ownClients;
  private final Redis sharedClient;
  // The one event loop the subscription lives on: the fields below are touched there only.
  private final Context context;
  private final String channel;
  private final Command subscribe;
  private final Consumer<String> receiver;
  private final AtomicLong subscriptions = new AtomicLong();

  private Redis client;
  private RedisConnection connection;
  private long retryMs = FIRST_RETRY_MS;
  private boolean closed;

  ChannelSubscription(
      Supplier<Redis> ownClients,
      Redis sharedClient,
      Context context,
      String channel,
      Command subscribe,
      Consumer<String> receiver) {
    this.ownClients = ownClients;
    this.sharedClient = sharedClient;
    this.context = context;
    this.channel = channel;
    this.subscribe = subscribe;
    this.receiver = receiver;
  }

  /** How many times the channel was subscribed to (1 while nothing went wrong). */
  public long subscriptions() {
    return subscriptions.get();
  }

  /** Stops listening and closes the connection. */
  public void close() {
    context.runOnContext(
        ignored -> {
          closed = true;
          release();
        });
  }

  void start() {
    context.runOnContext(ignored -> connect());
  }

  private void connect() {
    if (closed) {
      return;
    }
    client = ownClients == null ? sharedClient : ownClients.get();
    client
        .connect()
        .onSuccess(this::subscribeOn)
        .onFailure(failure -> retryAfter(null, "connect", failure));
  }

  private void subscribeOn(RedisConnection opened) {
    connection = opened;
    opened
        .handler(pushed -> onPushed(opened, pushed))
        .exceptionHandler(failure -> retryAfter(opened, "connection", failure))
        .endHandler(ended -> retryAfter(opened, "connection ended", null));
    opened
        .send(Request.cmd(subscribe).arg(channel))
        // A cluster connection hands the command to the node of the channel's slot, which it may
        // have connected to only now, after the handler was given to the nodes it had.
        .onSuccess(sent -> opened.handler(pushed -> onPushed(opened, pushed)))
        .onFailure(failure -> retryAfter(opened, "subscribe", failure));
  }

  private void onPushed(RedisConnection on, Response pushed) {
    if (pushed.type() == ResponseType.ERROR) {
      // A -MOVED answer to the subscription: the slot map was stale; a new connection reads it.
      retryAfter(on, "subscribe", new IllegalStateException(pushed.toString()));
      return;
    }
    if (pushed.size() < 3) {
      return;
    }
    switch (pushed.get(0).toString()) {
      case "message", "smessage" -> receiver.accept(pushed.get(2).toString());
      case "subscribe", "ssubscribe" -> {
        retryMs = FIRST_RETRY_MS;
        if (subscriptions.incrementAndGet() > 1) {
          LOG.infof("Subscribed to %s again", channel);
        }
      }
      case "sunsubscribe", "unsubscribe" ->
          retryAfter(on, "the server ended the subscription", null);
      default -> {}
    }
  }

  /** Closes the connection, and the client when it is the subscription's own. */
  private void release() {
    if (connection != null) {
      RedisConnection closing = connection;
      connection = null;
      if (ownClients == null) {
        closing.close();
      }
    }
    if (ownClients != null && client != null) {
      client.close();
    }
    client = null;
  }

  private void retryAfter(RedisConnection failed, String what, Throwable failure) {
    if (failed != null && failed != connection) {
      return; // a connection already replaced
    }
    release();
    if (closed) {
      return;
    }
    LOG.warnf(
        "Channel %s: %s%s; subscribing again in %d ms",
        channel, what, failure == null ? "" : " (" + failure.getMessage() + ")", retryMs);
    context.owner().setTimer(retryMs, timer -> connect());
    retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
  }
}
