package dev.candor.consent.api;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import dev.candor.consent.domain.ConsentStatusService;
import dev.candor.consent.domain.DirectiveKind;
import dev.candor.consent.domain.PolicyProfile;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a patient's directives permit and deny right now, and the profile that decides everything else — no ids,
 * versions, history or signed text.
 */
public record ConsentStatusView(String patientId, Instant asOf, PolicyProfile policyProfile, List<Entry> permitted,
                                List<Entry> denied) {

    /**
     * @param until      when it stops by itself; null when open
     * @param dataPeriod the data it is limited to; null when it speaks of all data
     */
    public record Entry(DirectiveKind kind, Set<String> recipientIds, Set<RecipientType> recipientTypes,
                        Set<DataCategory> categories, Set<Purpose> purposes, Instant until, DataPeriodDto dataPeriod) {

        static List<Entry> of(List<ConsentStatusService.Entry> entries) {
            return entries.stream().map(e -> new Entry(e.kind(), e.recipientIds(), e.recipientTypes(), e.categories(),
                    e.purposes(), e.until(), DataPeriodDto.of(e.dataPeriod()))).toList();
        }
    }

    static ConsentStatusView of(ConsentStatusService.Status s) {
        return new ConsentStatusView(s.patientId(), s.asOf(), s.policyProfile(), Entry.of(s.permitted()),
                Entry.of(s.denied()));
    }
}
