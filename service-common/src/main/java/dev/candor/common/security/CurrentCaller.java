package dev.candor.common.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * The {@link Caller} of the current request. A request-scoped bean (not a produced record) so that singletons
 * such as JAX-RS resources can inject it and still see each request's caller.
 */
@RequestScoped
public class CurrentCaller {

    @Inject
    SecurityIdentity identity;

    private Caller caller;

    public Caller get() {
        if (caller == null) {
            caller = Caller.of(identity);
        }
        return caller;
    }
}
