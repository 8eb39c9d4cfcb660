package dev.candor.ledger;

import dev.candor.common.vocabulary.LegalBasis;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.ledger.domain.ConsentDecisions;
import dev.candor.ledger.domain.Decision;
import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Stands in for consent-service in the ledger's service tests (the end-to-end tests use the real one): rate
 * negotiation and sale are denied, everything else permitted under HIPAA TPO; {@link #down} simulates an outage.
 */
@Mock
@ApplicationScoped
public class FakeConsentDecisions implements ConsentDecisions {

    public static volatile boolean down;

    @Override
    public CompletionStage<List<Decision>> decide(Question question) {
        if (down) {
            return CompletableFuture.failedFuture(new IllegalStateException("consent-service is down"));
        }
        boolean denied = question.purpose() == Purpose.RATE_NEGOTIATION || question.purpose() == Purpose.SALE;
        return CompletableFuture.completedFuture(question.subjects().stream().map(s -> new Decision(s,
                denied ? Decision.Outcome.DENY : Decision.Outcome.PERMIT,
                denied ? LegalBasis.NONE : LegalBasis.HIPAA_TPO, null, null, UUID.randomUUID(),
                denied ? "no consent covers " + question.purpose() : "treatment, payment or operations",
                Instant.now())).toList());
    }
}
