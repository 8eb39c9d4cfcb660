package dev.candor.consent.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The service's one {@link FhirContext} (R4): costly to create (~1.5 s on an idle machine, far more under load; tens
 * of MB of model metadata), so it is made once, at startup — not on the first FHIR request, which could then outlast
 * the gateway's timeout — and shared. Parsers are cheap and not thread-safe: one per call.
 */
@ApplicationScoped
public class Fhir {

    private volatile FhirContext context;

    void onStart(@Observes StartupEvent event) {
        context();
    }

    FhirContext context() {
        FhirContext c = context;
        if (c == null) {
            synchronized (this) {
                if (context == null) {
                    context = FhirContext.forR4();
                }
                c = context;
            }
        }
        return c;
    }

    /** A parser that refuses what it does not understand (unknown elements, bad values) instead of dropping it. */
    public IParser strictJsonParser() {
        return context().newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    }

    public String toJson(IBaseResource resource) {
        return context().newJsonParser().encodeResourceToString(resource);
    }
}
