package io.cybernetcall.auth.rest.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/auth/password-reset}. */
public record PasswordResetRequest(
    @NotBlank(message = "is required") @Size(max = 254, message = "is too long") String email) {}
