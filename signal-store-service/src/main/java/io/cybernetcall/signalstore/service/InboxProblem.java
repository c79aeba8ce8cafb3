package io.cybernetcall.signalstore.service;

import io.cybernetcall.platform.problem.ProblemType;

/** The problems only the inbox answers with; the code is part of the API (docs/protocol.md). */
public final class InboxProblem {

  public static final ProblemType INVALID_PARAMETER =
      new ProblemType("invalid-parameter", "Invalid parameter", 400);
  public static final ProblemType RATE_LIMITED =
      new ProblemType("rate-limited", "Too many requests", 429);

  private InboxProblem() {}
}
