package io.cybernetcall.platform;

import io.cybernetcall.contracts.events.CallMissed;
import io.cybernetcall.contracts.events.ContactAccepted;
import io.cybernetcall.contracts.events.ContactBlocked;
import io.cybernetcall.contracts.events.ContactRemoved;
import io.cybernetcall.contracts.events.ContactRequested;
import io.cybernetcall.contracts.events.DeviceKeyChanged;
import io.cybernetcall.contracts.events.EmailVerificationRequested;
import io.cybernetcall.contracts.events.InboxPolling;
import io.cybernetcall.contracts.events.PasswordResetRequested;
import io.cybernetcall.contracts.events.SessionsRevoked;
import io.cybernetcall.contracts.events.SignalRouted;
import io.cybernetcall.contracts.events.UserRegistered;
import io.cybernetcall.platform.problem.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native images: Jackson writes and reads these records by reflection (event payloads, problem
 * bodies built in exception mappers), which static analysis cannot see.
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
      ContactBlocked.class,
      DeviceKeyChanged.class,
      SignalRouted.class,
      CallMissed.class,
      InboxPolling.class,
      Problem.class,
      Problem.FieldError.class
    })
public class PlatformReflection {}
