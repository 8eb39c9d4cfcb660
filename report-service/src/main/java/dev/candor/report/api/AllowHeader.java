package dev.candor.report.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * A 405 says which methods the path does answer (RFC 9110: {@code Allow} is required on a 405). Quarkus REST's own
 * 405 carries none, and the problem mapper (service-common) builds a fresh response from it; every path here is a
 * GET resource ({@link ReportResource#allowed}), so the filter can say it without asking the router.
 */
public class AllowHeader {

    @ServerResponseFilter
    public void allow(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() == 405 && !response.getHeaders().containsKey(HttpHeaders.ALLOW)) {
            response.getHeaders().putSingle(HttpHeaders.ALLOW,
                    ReportResource.allowed(request.getUriInfo().getPath()));
        }
    }
}
