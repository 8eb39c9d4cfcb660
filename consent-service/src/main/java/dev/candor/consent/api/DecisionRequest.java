package dev.candor.consent.api;

import dev.candor.common.validation.Identifier;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.domain.DecisionService;
import dev.candor.consent.domain.Recipient;
import dev.candor.consent.domain.SubjectRef;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * May these categories go to this recipient for this purpose, for each of these subjects?
 *
 * @param subjects   whose data (patients, providers); an aggregate dataset names every member
 * @param time       the moment the disclosure happens or happened; now when omitted
 * @param reason     the stated reason; required for break-glass (ETREAT)
 * @param dataPeriod the period the data was created in or is about; a provision limited to a data period permits
 *                   only when this lies entirely within it, and denies whenever this may overlap it (also when
 *                   omitted)
 */
public record DecisionRequest(
        @NotEmpty @Size(max = DecisionService.MAX_SUBJECTS) List<@NotNull @Valid Subject> subjects,
        @NotNull @Valid RecipientRef recipient,
        @NotEmpty Set<@NotNull DataCategory> categories,
        @NotNull Purpose purpose,
        Instant time,
        @Size(max = DecisionService.MAX_REASON) String reason,
        DataPeriodDto dataPeriod) {

    public record Subject(@NotNull SubjectType type, @NotBlank @Size(max = 128) @Identifier String id) {

        static Subject of(SubjectRef ref) {
            return new Subject(ref.type(), ref.id());
        }
    }

    public record RecipientRef(@NotBlank @Size(max = 128) @Identifier String id, @NotNull RecipientType type) {

        static RecipientRef of(Recipient recipient) {
            return new RecipientRef(recipient.id(), recipient.type());
        }
    }

    DecisionService.Ask toAsk() {
        return new DecisionService.Ask(subjects.stream().map(s -> new SubjectRef(s.type(), s.id())).toList(),
                new Recipient(recipient.id(), recipient.type()), Set.copyOf(categories), purpose, time, reason,
                DataPeriodDto.toDomain(dataPeriod));
    }
}
