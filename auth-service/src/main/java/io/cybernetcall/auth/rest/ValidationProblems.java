package io.cybernetcall.auth.rest;

import io.cybernetcall.platform.problem.CommonProblem;
import io.cybernetcall.platform.problem.Problem;
import io.cybernetcall.platform.problem.ProblemMappers;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Bean Validation failures (only auth-service validates request bodies with annotations) as one
 * {@code validation} problem that lists every invalid field, so a form can mark them all at once.
 */
public class ValidationProblems {

  @ServerExceptionMapper
  public Response validation(ConstraintViolationException e) {
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    return ProblemMappers.response(
        CommonProblem.VALIDATION, "The request has invalid fields.", null, errors, null);
  }

  private static String fieldName(ConstraintViolation<?> violation) {
    // Paths look like "register.request.password": the last node is what the client sent.
    String path = violation.getPropertyPath().toString();
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }
}
