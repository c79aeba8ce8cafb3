package io.cybernetcall.auth.rest.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/auth/login}. {@code username} may also be the email address. */
public record LoginRequest(
    @NotBlank(message = "is required") @Size(max = 254, message = "is too long") String username,
    @NotBlank(message = "is required") @Size(max = 1024, message = "is too long")
        String password) {}
