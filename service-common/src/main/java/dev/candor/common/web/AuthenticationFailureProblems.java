package dev.candor.common.web;

import dev.candor.common.problem.ProblemResponses;
import dev.candor.common.problem.ProblemType;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Security failures raised below JAX-RS (proactive authentication, HTTP permissions, Vert.x routes such as the
 * gateway's proxy) become the same problem documents as those from the exception mappers.
 */
@ApplicationScoped
public class AuthenticationFailureProblems {

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(rc -> {
            Throwable failure = rc.failure();
            if (failure instanceof AuthenticationFailedException
                    || failure instanceof AuthenticationCompletionException
                    || failure instanceof UnauthorizedException) {
                ProblemResponses.write(rc,
                        ProblemType.UNAUTHORIZED.problem("the bearer token is missing, invalid or expired"));
            } else if (failure instanceof ForbiddenException) {
                ProblemResponses.write(rc,
                        ProblemType.FORBIDDEN.problem("the caller's role does not allow this operation"));
            } else {
                rc.next();
            }
        });
    }
}
