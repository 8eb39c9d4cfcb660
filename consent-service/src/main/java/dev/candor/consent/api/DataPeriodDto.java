package dev.candor.consent.api;

import dev.candor.consent.domain.DataPeriod;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * A period of data, {@code [start, end)}: when the data was created or the events it is about happened (not when it
 * is disclosed). Either end may be left out (open); not both.
 */
@Schema(description = "Period of the data itself (when it was created or what it is about), [start, end); "
        + "either end may be omitted, not both")
public record DataPeriodDto(Instant start, Instant end) {

    DataPeriod toDomain() {
        return new DataPeriod(start, end);
    }

    static DataPeriodDto of(DataPeriod period) {
        return period == null ? null : new DataPeriodDto(period.start(), period.end());
    }

    static DataPeriod toDomain(DataPeriodDto dto) {
        return dto == null ? null : dto.toDomain();
    }
}
