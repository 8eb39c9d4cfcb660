-- Issue 3, throughput: every index is paid on every append. entry_recorded served no query (listings filter on
-- occurred_at and page by leaf_index; the integrator reads by leaf_index), so it goes.
DROP INDEX entry_recorded;
