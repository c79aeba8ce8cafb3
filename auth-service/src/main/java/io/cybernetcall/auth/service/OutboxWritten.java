package io.cybernetcall.auth.service;

/** Fired when a transaction wrote to the outbox; observed after commit to relay at once. */
public record OutboxWritten() {}
