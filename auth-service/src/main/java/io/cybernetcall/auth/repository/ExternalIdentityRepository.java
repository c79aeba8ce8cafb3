package io.cybernetcall.auth.repository;

import io.cybernetcall.auth.model.ExternalIdentity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ExternalIdentityRepository
    implements PanacheRepositoryBase<ExternalIdentity, ExternalIdentity.Key> {}
