-- Issue 5, the platform-wide report over a large log. Its counts (by recipient, recipient type, purpose, category,
-- legal basis, flag) are kept per month of occurredAt (UTC) as entries are integrated, so a report reads a few
-- thousand rows instead of aggregating the whole log and its decisions. docs/decisions.md, "Platform counts".
--
-- These tables are derived, not the ledger: nothing here is signed or proven, everything can be re-derived from
-- the entries (the full check compares them), so the service's role may update them. The ledger's own tables
-- stay insert-only.

-- Counts per month of occurredAt: dim is ENTRIES, RECIPIENT (type = the recipient type), RECIPIENT_TYPE, PURPOSE,
-- CATEGORY, BASIS or FLAG; n may pass through 0 (a settlement moves an entry from NONE to its basis).
CREATE TABLE stats_month (
    month  date   NOT NULL,
    dim    text   NOT NULL,
    key    text   NOT NULL,
    type   text   NOT NULL,
    n      bigint NOT NULL,
    PRIMARY KEY (month, dim, key, type)
);

-- The earliest and latest occurredAt counted in each month: a month whose span lies inside a report's period is
-- read from stats_month whole; a month cut by the period's edge is counted from its entries, found by leaf index
-- between first_leaf and last_leaf. (Not by an index on occurred_at: a generic plan of the driven listings took it
-- over the primary key and read the whole log per page; and every append would pay for it.)
CREATE TABLE stats_month_span (
    month           date        PRIMARY KEY,
    first_occurred  timestamptz NOT NULL,
    last_occurred   timestamptz NOT NULL,
    first_leaf      bigint      NOT NULL,
    last_leaf       bigint      NOT NULL
);

-- Entries [0, rolled_up_to) are in the counts. The integrator extends it in the transaction that signs the
-- checkpoint (from 0, in bounded steps, after this migration); settlement locks the row while it corrects.
CREATE TABLE stats_state (
    only_row      boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    rolled_up_to  bigint  NOT NULL CHECK (rolled_up_to >= 0)
);
INSERT INTO stats_state VALUES (true, 0);

GRANT SELECT, INSERT, UPDATE, DELETE ON stats_month, stats_month_span TO ${appRole};
GRANT SELECT, UPDATE ON stats_state TO ${appRole};
