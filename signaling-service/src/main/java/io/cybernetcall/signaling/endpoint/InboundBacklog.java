package io.cybernetcall.signaling.endpoint;

import io.cybernetcall.signaling.config.SignalingConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What all of this replica's sockets hold in waiting frames, in characters, against one budget
 * ({@code signaling.limits.queued-chars}): the bound on the memory that overload can take, however
 * many sockets send at once. Exposed as the gauge {@code signaling.inbound.queued.chars}.
 */
@ApplicationScoped
public class InboundBacklog {

  private final AtomicLong queuedChars = new AtomicLong();
  private final long maxChars;

  @Inject
  InboundBacklog(SignalingConfig config, MeterRegistry metrics) {
    this(config.limits().queuedChars());
    metrics.gauge("signaling.inbound.queued.chars", queuedChars);
  }

  /** A budget of {@code maxChars} (tests). */
  InboundBacklog(long maxChars) {
    this.maxChars = maxChars;
  }

  /** Takes {@code chars} from the budget; false, taking nothing, when that would overspend it. */
  boolean tryReserve(int chars) {
    if (queuedChars.addAndGet(chars) > maxChars) {
      queuedChars.addAndGet(-chars);
      return false;
    }
    return true;
  }

  void release(int chars) {
    queuedChars.addAndGet(-chars);
  }

  long queuedChars() {
    return queuedChars.get();
  }
}
