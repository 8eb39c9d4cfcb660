package dev.candor.consent.cdshooks;

import java.util.List;

/** CDS Hooks discovery: the services this server offers. */
public record CdsServices(List<Service> services) {

    /** A CDS service; it needs no prefetch (Candor holds the consents itself). */
    public record Service(String id, String hook, String title, String description) {
    }
}
