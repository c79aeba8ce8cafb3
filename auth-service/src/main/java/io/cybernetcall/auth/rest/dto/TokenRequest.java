package io.cybernetcall.auth.rest.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/auth/verify-email}: the token from the emailed link. */
public record TokenRequest(
    @NotBlank(message = "is required") @Size(max = 128, message = "is too long") String token) {}
