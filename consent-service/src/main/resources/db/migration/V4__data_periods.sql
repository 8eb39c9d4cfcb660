-- Issue 4 (standards): data periods. A provision may be limited to data created in, or about events in, a period
-- ([start, end)); it is stored with the rest of the provision in directive_version.provisions (JSON, versioned like
-- everything else), so the directive tables need no change. A decision request may state the period of the data it
-- discloses: each kept decision records it, so a decision cited for a disclosure says which data it was about
-- (a PERMIT for 2024's sessions is no PERMIT for 2025's). Both NULL: the request did not say.
ALTER TABLE decision ADD COLUMN data_start timestamptz;
ALTER TABLE decision ADD COLUMN data_end timestamptz;
ALTER TABLE decision ADD CONSTRAINT decision_data_period
    CHECK (data_start IS NULL OR data_end IS NULL OR data_end > data_start);
