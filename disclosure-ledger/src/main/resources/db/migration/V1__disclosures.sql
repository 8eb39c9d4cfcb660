-- Every disclosure that happened, permitted or not. Rows are only ever inserted: the triggers below reject
-- UPDATE and DELETE (issue 3 adds the Merkle tree, checkpoints and the restricted database role).
CREATE TABLE disclosure (
    id              uuid        PRIMARY KEY,
    position        bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    recorded_at     timestamptz NOT NULL,
    occurred_at     timestamptz NOT NULL,
    discloser_org   text        NOT NULL,
    discloser_client text       NOT NULL,
    recipient_id    text        NOT NULL,
    recipient_type  text        NOT NULL,
    purpose         text        NOT NULL,
    entry           jsonb       NOT NULL
);

-- Whom each disclosure is about: one row per subject, for scoped queries.
CREATE TABLE disclosure_subject (
    disclosure_id   uuid        NOT NULL REFERENCES disclosure (id),
    subject_type    text        NOT NULL,
    subject_id      text        NOT NULL,
    PRIMARY KEY (disclosure_id, subject_type, subject_id)
);
CREATE INDEX disclosure_subject_lookup ON disclosure_subject (subject_type, subject_id, disclosure_id);

CREATE FUNCTION reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the disclosure ledger is append-only: % on % rejected', TG_OP, TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER disclosure_append_only BEFORE UPDATE OR DELETE ON disclosure
    FOR EACH ROW EXECUTE FUNCTION reject_change();
CREATE TRIGGER disclosure_subject_append_only BEFORE UPDATE OR DELETE ON disclosure_subject
    FOR EACH ROW EXECUTE FUNCTION reject_change();
