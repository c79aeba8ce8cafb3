package io.cybernetcall.auth.service;

/** What a person registers with, already checked for shape by the REST layer. */
public record NewAccount(String username, String email, String displayName, String password) {}
