package io.cybernetcall.auth.rest.dto;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/auth/register}. */
public record RegisterRequest(
    @NotNull(message = "is required")
        @Pattern(
            regexp = "^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$",
            message =
                "must be 3-32 characters: letters, digits, '.', '_' or '-', starting with a letter or digit")
        String username,
    @NotNull(message = "is required")
        @Size(max = 254, message = "must be at most 254 characters")
        @Email(regexp = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", message = "must be an email address")
        String email,
    @NotBlank(message = "is required")
        @Size(max = 64, message = "must be at most 64 characters")
        @Pattern(regexp = "^[^\\p{Cntrl}]*$", message = "must not contain control characters")
        String displayName,
    @NotNull(message = "is required") @Size(max = 1024, message = "is too long") String password) {}
