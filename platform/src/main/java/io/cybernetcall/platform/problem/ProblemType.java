package io.cybernetcall.platform.problem;

/**
 * A kind of problem a service answers with: {@code code} ends the problem's {@code type} URI and is
 * part of the API (never rename one), {@code title} is the RFC 9457 summary, {@code status} the
 * HTTP status. Each service lists its own kinds as constants; {@link CommonProblem} holds the ones
 * every service shares.
 */
public record ProblemType(String code, String title, int status) {}
