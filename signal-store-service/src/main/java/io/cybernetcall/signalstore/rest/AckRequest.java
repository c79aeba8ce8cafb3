package io.cybernetcall.signalstore.rest;

/** Body of {@code POST /api/inbox/ack}: every signal up to {@code seq} is processed. */
public record AckRequest(Long seq) {}
