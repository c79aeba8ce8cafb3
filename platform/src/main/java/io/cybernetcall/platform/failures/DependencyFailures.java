package io.cybernetcall.platform.failures;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

/**
 * Whether a failure means a dependency (PostgreSQL, Redis, SMTP) cannot be reached right now:
 * refused, lost or timed-out connections, an exhausted pool. Such a failure is not the request's or
 * the event's fault: HTTP answers 503 with Retry-After, a consumer keeps the event pending without
 * counting an attempt, and readiness already reports the outage.
 */
public final class DependencyFailures {

  private DependencyFailures() {}

  public static boolean isUnavailable(Throwable failure) {
    int depth = 0;
    for (Throwable cause = failure; cause != null && depth < 20; cause = cause.getCause()) {
      depth++;
      if (cause instanceof ConnectException
          || cause instanceof SocketException
          || cause instanceof TimeoutException
          || cause instanceof java.net.SocketTimeoutException) {
        return true;
      }
      if (cause instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("08")) {
        return true;
      }
      // Driver types matched by name: the platform does not depend on every client library.
      String name = cause.getClass().getName();
      String message = String.valueOf(cause.getMessage());
      if (name.endsWith("ClosedConnectionException")
          || name.contains("ConnectException")
          || name.contains("TimeoutException")
          || message.contains("Connection refused")
          || message.contains("Connection is closed")
          || message.contains("Connection closed")
          || message.contains("Acquisition timeout")) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
