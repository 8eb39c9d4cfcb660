-- Issue 5, reports over a large log. A listing of one subject's entries, or of the flagged ones, starts from an index
-- of just those entries and joins the log by leaf index. Before, it walked the whole log in leaf order testing each
-- entry: fine while a patient's entries were a large share of the log, ~6 s per page at a million entries.
CREATE INDEX entry_subject_by_subject ON entry_subject (subject_id, leaf_index);
-- Only flagged entries (and settlements that denied) are in these: a regulator's listing of UNAUTHORIZED, UNDECIDED
-- and BREAK_GLASS entries reads them, and an unflagged append pays nothing for them.
CREATE INDEX entry_flagged ON entry (leaf_index) WHERE flags <> '{}';
CREATE INDEX entry_decision_denied ON entry_decision (leaf_index) WHERE outcome = 'DENY';
