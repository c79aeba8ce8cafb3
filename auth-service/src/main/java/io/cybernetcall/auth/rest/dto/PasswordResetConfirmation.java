package io.cybernetcall.auth.rest.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/auth/password-reset/confirm}. */
public record PasswordResetConfirmation(
    @NotBlank(message = "is required") @Size(max = 128, message = "is too long") String token,
    @NotNull(message = "is required") @Size(max = 1024, message = "is too long")
        String newPassword) {}
