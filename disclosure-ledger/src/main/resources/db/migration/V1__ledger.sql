-- The disclosure ledger. Normative rules: docs/DESIGN.md "Ledger" and docs/ledger.md.
--
-- Rows are only ever inserted. The service connects as ${appRole}, which may only INSERT and SELECT the ledger
-- tables (plus move the sequencer's counter); triggers reject UPDATE and DELETE even for the owner. The one
-- controlled exception is erase_entry(), which blanks an entry's plaintext and salt and records that it did.

-- The sequencer's counter: the next leaf index. Locked by every sequencing transaction, so indexes are gap-free
-- across replicas (a rolled-back transaction returns its indexes with it — unlike a sequence).
CREATE TABLE log_counter (
    only_row    boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    next_index  bigint  NOT NULL CHECK (next_index >= 0)
);
INSERT INTO log_counter VALUES (true, 0);

CREATE TABLE entry (
    leaf_index       bigint      PRIMARY KEY,
    id               uuid        NOT NULL UNIQUE,
    recorded_at      timestamptz NOT NULL,
    occurred_at      timestamptz NOT NULL,
    discloser_org    text        NOT NULL,
    discloser_client text        NOT NULL,
    recipient_id     text        NOT NULL,
    recipient_type   text        NOT NULL,
    purpose          text        NOT NULL,
    categories       text[]      NOT NULL,
    flags            text[]      NOT NULL,
    idempotency_key  text,
    request_sha256   bytea,
    -- RFC 6962 leaf hash of the leaf data below; what the Merkle tree is built from.
    leaf_hash        bytea       NOT NULL,
    -- The leaf data: canonical JSON {"commitment": b64, "links": [...]} — no PHI.
    leaf_data        bytea       NOT NULL,
    -- SHA-256(salt || canonical entry JSON): the leaf's commitment to the entry.
    commitment       bytea       NOT NULL,
    -- Plaintext and salt: NULL once erased (erase_entry), which leaves every proof valid.
    content          jsonb,
    salt             bytea,
    UNIQUE (discloser_org, idempotency_key)
);
CREATE INDEX entry_leaf_hash ON entry (leaf_hash);
CREATE INDEX entry_recorded ON entry (recorded_at);

-- Whom an entry is about, for scoped queries and the per-subject chain of leaves.
-- role: SUBJECT (named directly), MEMBER (in the entry's cohort), TREATING (the treating provider of a patient).
CREATE TABLE entry_subject (
    leaf_index    bigint NOT NULL REFERENCES entry (leaf_index),
    subject_type  text   NOT NULL,
    subject_id    text   NOT NULL,
    role          text   NOT NULL,
    PRIMARY KEY (subject_type, subject_id, leaf_index, role)
);
CREATE INDEX entry_subject_by_leaf ON entry_subject (leaf_index);

-- Consent decisions per subject. Recorded with the entry; an UNDECIDED entry gets its rows later (settlement),
-- appended, never changed.
CREATE TABLE entry_decision (
    leaf_index       bigint      NOT NULL REFERENCES entry (leaf_index),
    subject_type     text        NOT NULL,
    subject_id       text        NOT NULL,
    outcome          text        NOT NULL,
    basis            text        NOT NULL,
    consent_id       uuid,
    consent_version  integer,
    decision_id      uuid,
    reason           text,
    decided_at       timestamptz NOT NULL,
    PRIMARY KEY (leaf_index, subject_type, subject_id)
);

-- Hashes of perfect subtrees (level, index), written by the integrator; proofs are read from here.
CREATE TABLE tree_node (
    level       smallint NOT NULL,
    node_index  bigint   NOT NULL,
    hash        bytea    NOT NULL,
    PRIMARY KEY (level, node_index)
);

-- Every signed checkpoint (C2SP signed note), one per integration.
CREATE TABLE checkpoint (
    tree_size   bigint      PRIMARY KEY,
    root_hash   bytea       NOT NULL,
    note        text        NOT NULL,
    signed_at   timestamptz NOT NULL
);

-- Erasures of plaintext: who, when, why. The entry's leaf stays.
CREATE TABLE erasure (
    leaf_index  bigint      PRIMARY KEY REFERENCES entry (leaf_index),
    erased_at   timestamptz NOT NULL,
    erased_by   text        NOT NULL,
    reason      text        NOT NULL
);

CREATE FUNCTION reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- erase_entry() sets candor.erasing for its own transaction only, and may only blank content and salt.
    -- (Nested IFs: PL/pgSQL does not promise to short-circuit, and NEW has other fields on other tables.)
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'entry' THEN
        IF current_setting('candor.erasing', true) = 'on' THEN
            IF NEW.content IS NULL AND NEW.salt IS NULL
               AND (to_jsonb(NEW) - 'content' - 'salt') = (to_jsonb(OLD) - 'content' - 'salt') THEN
                RETURN NEW;
            END IF;
        END IF;
    END IF;
    RAISE EXCEPTION 'the disclosure ledger is append-only: % on % rejected', TG_OP, TG_TABLE_NAME;
END;
$$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['entry', 'entry_subject', 'entry_decision', 'tree_node', 'checkpoint', 'erasure'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION reject_change()',
                       t || '_append_only', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION reject_change()',
                       t || '_no_truncate', t);
    END LOOP;
END;
$$;

-- The one controlled exception: blank an entry's plaintext and salt, record who did it and why.
CREATE FUNCTION erase_entry(p_leaf_index bigint, p_erased_by text, p_reason text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    PERFORM set_config('candor.erasing', 'on', true);
    UPDATE entry SET content = NULL, salt = NULL WHERE leaf_index = p_leaf_index AND content IS NOT NULL;
    IF NOT FOUND THEN
        PERFORM set_config('candor.erasing', 'off', true);
        RETURN false;
    END IF;
    INSERT INTO erasure (leaf_index, erased_at, erased_by, reason) VALUES (p_leaf_index, now(), p_erased_by, p_reason);
    PERFORM set_config('candor.erasing', 'off', true);
    RETURN true;
END;
$$;

-- What the service's own role may do.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
GRANT SELECT, INSERT ON entry, entry_subject, entry_decision, tree_node, checkpoint TO ${appRole};
GRANT SELECT ON erasure TO ${appRole};
GRANT SELECT, UPDATE ON log_counter TO ${appRole};
REVOKE ALL ON FUNCTION erase_entry(bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_entry(bigint, text, text) TO ${appRole};
