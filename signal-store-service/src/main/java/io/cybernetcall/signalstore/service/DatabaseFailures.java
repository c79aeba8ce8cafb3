package io.cybernetcall.signalstore.service;

import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.TimeoutException;

/** Tells an unreachable database apart from a failure a retry cannot fix. */
public final class DatabaseFailures {

  private DatabaseFailures() {}

  /**
   * Whether {@code failure} means PostgreSQL cannot be reached right now (refused or lost
   * connection, pool timeout): callers answer 503 and retry later rather than give up on the data.
   */
  public static boolean isUnavailable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof SocketException
          || cause instanceof TimeoutException
          || cause instanceof io.vertx.sqlclient.ClosedConnectionException) {
        return true;
      }
      String name = cause.getClass().getName();
      String message = String.valueOf(cause.getMessage());
      if (name.contains("ConnectException")
          || name.contains("TimeoutException")
          || message.contains("Connection refused")
          || message.contains("Connection is closed")
          || message.contains("Connection closed")) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
