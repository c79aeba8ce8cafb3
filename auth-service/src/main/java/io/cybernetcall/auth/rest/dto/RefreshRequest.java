package io.cybernetcall.auth.rest.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/auth/refresh} and {@code POST /api/auth/logout}. */
public record RefreshRequest(
    @NotBlank(message = "is required") @Size(max = 128, message = "is too long")
        String refreshToken) {}
