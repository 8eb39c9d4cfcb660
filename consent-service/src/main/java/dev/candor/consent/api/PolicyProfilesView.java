package dev.candor.consent.api;

import dev.candor.consent.domain.PolicyProfile;

import java.util.List;

/** The profiles there are, what each needs consent for, and which one this deployment uses by default. */
public record PolicyProfilesView(PolicyProfile deploymentDefault, List<Profile> profiles) {

    public record Profile(PolicyProfile code, String summary) {
    }
}
