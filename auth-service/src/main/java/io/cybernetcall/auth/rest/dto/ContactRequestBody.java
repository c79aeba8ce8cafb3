package io.cybernetcall.auth.rest.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/contacts/requests}: whom to ask, by username. */
public record ContactRequestBody(
    @NotBlank(message = "is required") @Size(max = 32, message = "is too long") String username) {}
