package dev.candor.report.domain;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Turns an upstream's failure into the caller's problem: its 401/403/404 stay theirs, anything else is ours. */
final class Upstreams {

    private Upstreams() {
    }

    /** Waits for an asynchronous call, and turns its failure into the caller's problem like {@link #call}. */
    static <T> T await(String upstream, CompletionStage<T> pending) {
        return call(upstream, () -> {
            try {
                return pending.toCompletableFuture().join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        });
    }

    static <T> T call(String upstream, Supplier<T> call) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            throw switch (status) {
                case 401 -> new ProblemException(ProblemType.UNAUTHORIZED, upstream + " refused the token");
                case 403 -> ProblemException.forbidden(upstream + " denied access to this subject");
                case 404 -> ProblemException.notFound("subject");
                default -> new ProblemException(ProblemType.BAD_GATEWAY, upstream + " failed with " + status);
            };
        } catch (ProcessingException e) {
            throw new ProblemException(ProblemType.UNAVAILABLE, upstream + " is unreachable");
        }
    }
}
