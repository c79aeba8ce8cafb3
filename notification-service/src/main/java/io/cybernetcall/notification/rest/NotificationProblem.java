package io.cybernetcall.notification.rest;

import io.cybernetcall.platform.problem.ProblemType;

/** The problems only notification-service answers with; the code is part of the API. */
public final class NotificationProblem {

  public static final ProblemType INVALID_PREFERENCE =
      new ProblemType("invalid-preference", "Invalid preference", 400);
  public static final ProblemType INVALID_UNSUBSCRIBE_LINK =
      new ProblemType("invalid-unsubscribe-link", "Invalid unsubscribe link", 400);

  private NotificationProblem() {}
}
