package dev.candor.consent.domain;

import java.time.Instant;

/**
 * The elements of a signed authorization or Part 2 consent, as the patient signed them. Required in full for
 * {@link DirectiveKind#requiresAuthorizationElements() authorizations}; for other kinds they are optional, and an
 * {@code expiresAt} given here still ends the directive.
 *
 * @param informationDescription  what information may be disclosed (164.508(c)(1)(i); 2.31(a)(3))
 * @param discloser               who may disclose it (164.508(c)(1)(ii); 2.31(a)(2))
 * @param recipient               who may receive it (164.508(c)(1)(iii); 2.31(a)(4))
 * @param purpose                 each purpose of the disclosure (164.508(c)(1)(iv); 2.31(a)(5))
 * @param expiresAt               the expiration date (164.508(c)(1)(v); 2.31(a)(7)) …
 * @param expirationEvent         … or the expiration event, such as "end of the research study"
 * @param signature               the signer's name as signed (164.508(c)(1)(vi); 2.31(a)(8))
 * @param signedAt                the date of the signature (164.508(c)(1)(vi); 2.31(a)(9))
 * @param representativeAuthority when a personal representative signs: their authority to act for the patient
 * @param revocationStatement     the statement of the right to revoke and how (164.508(c)(2)(i); 2.31(a)(6))
 */
public record AuthorizationElements(String informationDescription, String discloser, String recipient,
                                    String purpose, Instant expiresAt, String expirationEvent, String signature,
                                    Instant signedAt, String representativeAuthority,
                                    String revocationStatement) {
}
