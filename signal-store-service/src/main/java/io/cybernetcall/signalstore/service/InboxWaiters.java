package io.cybernetcall.signalstore.service;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Long-polls held by this replica, by recipient. A wake-up (a signal for that recipient was stored,
 * announced over Redis) resumes each of them on its own request's Vert.x context, so the re-query
 * runs where Hibernate Reactive expects it.
 */
@ApplicationScoped
public class InboxWaiters {

  private final ConcurrentHashMap<UUID, Set<Waiter>> byRecipient = new ConcurrentHashMap<>();

  /** Registers a waiter; register before querying so a signal stored meanwhile still wakes it. */
  public Waiter register(UUID recipientId, Context context) {
    Waiter waiter = new Waiter(recipientId, context);
    byRecipient.computeIfAbsent(recipientId, id -> ConcurrentHashMap.newKeySet()).add(waiter);
    return waiter;
  }

  public void remove(Waiter waiter) {
    byRecipient.computeIfPresent(
        waiter.recipientId,
        (id, waiters) -> {
          waiters.remove(waiter);
          return waiters.isEmpty() ? null : waiters;
        });
  }

  public void wake(UUID recipientId) {
    Set<Waiter> waiters = byRecipient.get(recipientId);
    if (waiters != null) {
      waiters.forEach(Waiter::wake);
    }
  }

  /**
   * One held long-poll. Its state is only touched on its request's context, so a wake-up that
   * arrives while the poll is querying is remembered, not lost.
   */
  public static final class Waiter {

    private final UUID recipientId;
    private final Context context;
    private boolean woken;
    private Runnable resume;

    private Waiter(UUID recipientId, Context context) {
      this.recipientId = recipientId;
      this.context = context;
    }

    /**
     * Completes on the request's context when woken or after {@code millis}, whichever is first.
     */
    public Uni<Void> await(long millis) {
      return Uni.createFrom()
          .emitter(
              emitter -> {
                if (woken) {
                  woken = false;
                  emitter.complete(null);
                  return;
                }
                long timer =
                    context
                        .owner()
                        .setTimer(Math.max(1, millis), id -> context.runOnContext(v -> fire()));
                resume =
                    () -> {
                      context.owner().cancelTimer(timer);
                      emitter.complete(null);
                    };
                emitter.onTermination(() -> context.owner().cancelTimer(timer));
              });
    }

    private void wake() {
      context.runOnContext(
          v -> {
            if (resume == null) {
              woken = true;
            } else {
              fire();
            }
          });
    }

    private void fire() {
      Runnable pending = resume;
      resume = null;
      if (pending != null) {
        pending.run();
      }
    }
  }
}
