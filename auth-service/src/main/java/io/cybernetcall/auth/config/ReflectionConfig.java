package io.cybernetcall.auth.config;

import io.cybernetcall.contracts.events.ContactAccepted;
import io.cybernetcall.contracts.events.ContactBlocked;
import io.cybernetcall.contracts.events.ContactRemoved;
import io.cybernetcall.contracts.events.ContactRequested;
import io.cybernetcall.contracts.events.EmailVerificationRequested;
import io.cybernetcall.contracts.events.PasswordResetRequested;
import io.cybernetcall.contracts.events.SessionsRevoked;
import io.cybernetcall.contracts.events.UserRegistered;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Event payloads are serialized by Jackson outside any REST signature: register them for native.
 */
@RegisterForReflection(
    targets = {
      UserRegistered.class,
      EmailVerificationRequested.class,
      PasswordResetRequested.class,
      SessionsRevoked.class,
      ContactRequested.class,
      ContactAccepted.class,
      ContactRemoved.class,
      ContactBlocked.class
    })
public class ReflectionConfig {}
