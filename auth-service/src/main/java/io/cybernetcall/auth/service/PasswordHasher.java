package io.cybernetcall.auth.service;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.platform.problem.CommonProblem;
import io.cybernetcall.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Argon2id hashing in PHC string form ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}). Hashes are
 * memory-hard on purpose, so at most a bounded number run at once: past that, callers wait briefly
 * and then get 503 instead of letting a login flood exhaust CPU and memory.
 */
@ApplicationScoped
public class PasswordHasher {

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private final Argon2Function argon2;
  private final Semaphore slots;
  private final Duration queueTimeout;
  // Verified against when the user does not exist, so unknown usernames cost the same time.
  private final String decoyHash;

  public PasswordHasher(AuthConfig config) {
    AuthConfig.Password p = config.password();
    this.argon2 =
        Argon2Function.getInstance(
            p.memoryKib(),
            p.iterations(),
            p.parallelism(),
            HASH_BYTES,
            Argon2.ID,
            Argon2Function.ARGON2_VERSION_13);
    int permits =
        p.maxConcurrentHashes() > 0
            ? p.maxConcurrentHashes()
            : Runtime.getRuntime().availableProcessors();
    this.slots = new Semaphore(permits, true);
    this.queueTimeout = p.queueTimeout();
    this.decoyHash = hashNow("decoy password that no account has");
  }

  public String hash(String password) {
    return bounded(() -> hashNow(password));
  }

  /** Checks a password against a stored PHC hash; {@code null} means "no such user". */
  public boolean verify(String password, String storedHash) {
    return bounded(
        () -> {
          if (storedHash == null) {
            argon2.check(password, decoyHash);
            return false;
          }
          return Argon2Function.getInstanceFromHash(storedHash).check(password, storedHash);
        });
  }

  /** True when a stored hash was made with weaker or different parameters than today's. */
  public boolean needsRehash(String storedHash) {
    Argon2Function stored = Argon2Function.getInstanceFromHash(storedHash);
    return stored.getVariant() != Argon2.ID
        || stored.getMemory() != argon2.getMemory()
        || stored.getIterations() != argon2.getIterations()
        || stored.getParallelism() != argon2.getParallelism()
        || stored.getOutputLength() != argon2.getOutputLength();
  }

  private String hashNow(String password) {
    return Password.hash(password).addRandomSalt(SALT_BYTES).with(argon2).getResult();
  }

  private <T> T bounded(Supplier<T> work) {
    boolean acquired;
    try {
      acquired = slots.tryAcquire(queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      acquired = false;
    }
    if (!acquired) {
      throw ProblemException.retryAfter(
          CommonProblem.UNAVAILABLE,
          "Too many sign-ins at once; try again shortly.",
          Duration.ofSeconds(1));
    }
    try {
      return work.get();
    } finally {
      slots.release();
    }
  }
}
