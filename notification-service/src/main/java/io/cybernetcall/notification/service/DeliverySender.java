package io.cybernetcall.notification.service;

import io.cybernetcall.notification.config.NotificationConfig;
import io.cybernetcall.notification.model.Delivery;
import io.cybernetcall.notification.repository.DeliveryRepository;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Sends recorded emails over SMTP. Each round claims due deliveries (a lease, so replicas never
 * send the same one), sends them outside any transaction, and records the outcome: sent; a
 * transient failure (connection refused, 4xx) retried with exponential backoff and jitter; a
 * permanent one (5xx) recorded as failed, never retried.
 *
 * <p>The one window for a duplicate: the SMTP server accepted the message and this process died
 * before recording it as sent. After the lease the delivery is due again and is sent once more.
 */
@ApplicationScoped
public class DeliverySender {

  private static final Logger LOG = Logger.getLogger(DeliverySender.class);
  private static final int MAX_ERROR_LENGTH = 500;

  private final DeliveryRepository deliveries;
  private final MailComposer composer;
  private final ReactiveMailer mailer;
  private final NotificationMetrics metrics;
  private final NotificationConfig config;
  private final Clock clock;
  private final ReentrantLock sending = new ReentrantLock();
  private final AtomicBoolean poked = new AtomicBoolean();
  private final ExecutorService poker =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "mail-sender-poke"));

  public DeliverySender(
      DeliveryRepository deliveries,
      MailComposer composer,
      ReactiveMailer mailer,
      NotificationMetrics metrics,
      NotificationConfig config,
      Clock clock) {
    this.deliveries = deliveries;
    this.composer = composer;
    this.mailer = mailer;
    this.metrics = metrics;
    this.config = config;
    this.clock = clock;
  }

  void stop(@Observes ShutdownEvent stopping) {
    poker.shutdownNow();
  }

  /** Sends soon, without waiting for the next scheduled round (a new email was recorded). */
  public void poke() {
    if (poked.compareAndSet(false, true)) {
      poker.submit(
          () -> {
            poked.set(false);
            sendDue();
          });
    }
  }

  @Scheduled(
      every = "${notification.sender-interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      identity = "mail-sender")
  void scheduled() {
    sendDue();
  }

  /** Sends everything due now; one round at a time per replica. */
  public void sendDue() {
    if (!sending.tryLock()) {
      // A round is running; the scheduler's next round takes what it leaves.
      return;
    }
    try {
      List<Delivery> batch;
      do {
        Instant now = clock.instant();
        batch =
            QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        deliveries.claimDue(
                            now, now.plus(config.retry().lease()), config.retry().batchSize()));
        batch.forEach(this::send);
      } while (batch.size() == config.retry().batchSize());
    } catch (RuntimeException e) {
      LOG.warnf("Sending round failed, the next one retries: %s", e.toString());
    } finally {
      sending.unlock();
    }
  }

  private void send(Delivery delivery) {
    NotificationKind kind = NotificationKind.byId(delivery.kind).orElseThrow();
    try {
      mailer
          .send(QuarkusTransaction.requiringNew().call(() -> composer.compose(delivery)))
          .await()
          .atMost(config.retry().sendTimeout());
    } catch (RuntimeException e) {
      failed(delivery, kind, e);
      return;
    }
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                deliveries.update(
                    "status = ?1, sentAt = ?2, lastError = null where deliveryId = ?3",
                    Delivery.SENT,
                    clock.instant(),
                    delivery.deliveryId));
    metrics.sent(kind);
  }

  private void failed(Delivery delivery, NotificationKind kind, RuntimeException failure) {
    boolean permanent = isPermanent(failure);
    String error = describe(failure);
    if (permanent || delivery.attempts >= config.retry().maxAttempts()) {
      LOG.warnf(
          "Email %s failed for good after %d attempts: %s",
          delivery.deliveryId, delivery.attempts, error);
      QuarkusTransaction.requiringNew()
          .run(
              () ->
                  deliveries.update(
                      "status = ?1, lastError = ?2 where deliveryId = ?3",
                      Delivery.FAILED,
                      error,
                      delivery.deliveryId));
      metrics.failed(kind);
      return;
    }
    Instant next = clock.instant().plus(backoff(delivery.attempts));
    LOG.infof(
        "Email %s: transient failure (attempt %d), retrying at %s: %s",
        delivery.deliveryId, delivery.attempts, next, error);
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                deliveries.update(
                    "nextAttemptAt = ?1, lastError = ?2 where deliveryId = ?3",
                    next,
                    error,
                    delivery.deliveryId));
    metrics.retried(kind);
  }

  /**
   * Exponential backoff with jitter: uniform between half and all of min(max, base ·
   * 2^(attempt−1)), so retries of many emails spread out instead of arriving at the SMTP server
   * together.
   */
  Duration backoff(int attempt) {
    long base = config.retry().baseDelay().toMillis();
    long cap = config.retry().maxDelay().toMillis();
    long ceiling = Math.min(cap, base << Math.min(30, Math.max(0, attempt - 1)));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
  }

  /** 5xx replies are permanent; refused connections, timeouts and 4xx replies are not. */
  static boolean isPermanent(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SMTPException smtp) {
        return smtp.getReplyCode() >= 500;
      }
      if (cause instanceof ConnectException) {
        return false;
      }
    }
    return false;
  }

  private static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getClass().getSimpleName() + ": " + root.getMessage();
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
  }
}
