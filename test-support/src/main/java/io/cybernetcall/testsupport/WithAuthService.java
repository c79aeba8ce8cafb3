package io.cybernetcall.testsupport;

import io.quarkus.test.common.QuarkusTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test class against the real, packaged auth-service ({@link AuthServiceProcess}): its
 * issuer becomes the service's OIDC server, and its events land in the test's Redis database.
 */
@QuarkusTestResource(value = AuthServiceProcess.class, restrictToAnnotatedClass = true)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WithAuthService {

  /** auth-service's database, cleaned at start. */
  String database() default "cybernet_auth_conformance";

  /**
   * The Redis database auth-service publishes to; the test's own service must use the same one when
   * it consumes auth-service events.
   */
  String redisDb() default "2";

  /** Lifetime of the access tokens it issues. */
  String accessTokenLifetime() default "PT10M";
}
