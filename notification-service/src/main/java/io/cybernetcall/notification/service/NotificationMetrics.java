package io.cybernetcall.notification.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Counters an operator watches: sent, retried, failed, throttled (and folded, suppressed). */
@ApplicationScoped
public class NotificationMetrics {

  private final MeterRegistry registry;

  public NotificationMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void sent(NotificationKind kind) {
    counter("notification_emails_sent", kind).increment();
  }

  public void retried(NotificationKind kind) {
    counter("notification_emails_retried", kind).increment();
  }

  public void failed(NotificationKind kind) {
    counter("notification_emails_failed", kind).increment();
  }

  /** Not sent because of the per-recipient limit ({@code folded}: into a missed-call digest). */
  public void throttled(NotificationKind kind, boolean folded) {
    Counter.builder("notification_emails_throttled")
        .tag("kind", kind.id())
        .tag("folded", Boolean.toString(folded))
        .register(registry)
        .increment();
  }

  /** Not sent because the user turned the type off. */
  public void suppressed(NotificationKind kind) {
    counter("notification_emails_suppressed", kind).increment();
  }

  private Counter counter(String name, NotificationKind kind) {
    return Counter.builder(name).tag("kind", kind.id()).register(registry);
  }
}
