package dev.candor.consent.domain;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the subjects being decided at once. A decision costs ~10 KB of heap per subject while its answer and record
 * are built, kept and sent (~2 KB of answer per subject, written twice, and the evaluation behind it): four
 * 10,000-subject requests at once ran consent-service out of memory in a black-box probe, failing everyone's
 * decisions. Over the bound a request is refused with 503 at once — the ledger records such an entry UNDECIDED and
 * settles it later, other callers retry — instead of queueing: waiting requests would hold their bodies anyway.
 */
@ApplicationScoped
public class DecisionAdmission {

    @ConfigProperty(name = "candor.consent.decisions.max-subjects-in-flight", defaultValue = "12000")
    int maxSubjectsInFlight;

    private final AtomicInteger inFlight = new AtomicInteger();

    /** Takes {@code subjects} from the budget if they fit; a request alone is always admitted. */
    public boolean tryAdmit(int subjects) {
        while (true) {
            int now = inFlight.get();
            if (now > 0 && now + subjects > maxSubjectsInFlight) {
                return false;
            }
            if (inFlight.compareAndSet(now, now + subjects)) {
                return true;
            }
        }
    }

    /**
     * Takes {@code subjects} from the budget, or refuses the call with a 503 problem to retry. Every door to a decision
     * (the JSON API, CDS Hooks) passes here; each admitted call {@link #release}s when it is answered.
     */
    public void admit(int subjects) {
        if (!tryAdmit(subjects)) {
            throw new ProblemException(ProblemType.UNAVAILABLE,
                    "too many subjects are being decided at once; retry shortly, or ask about fewer at a time");
        }
    }

    public void release(int subjects) {
        inFlight.addAndGet(-subjects);
    }

    int inFlight() {
        return inFlight.get();
    }
}
