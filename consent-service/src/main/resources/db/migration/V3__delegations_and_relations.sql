-- Issue 4 (items 3 and 6): delegations (who may act for a patient, with which scopes, for how long) and care and
-- business relations (which therapists and disclosing organisations may ask about a subject). Both are versioned like
-- directives: a row per delegation or relation, written once, and a new version for every change; nothing is updated
-- or deleted, so "what was in force at time T" stays answerable.

CREATE TABLE delegation (
    id               uuid        PRIMARY KEY,
    patient_id       text        NOT NULL,
    -- the delegate's token subject (`sub`), the only id a delegate's token carries about the delegate
    delegate_subject text        NOT NULL,
    created_at       timestamptz NOT NULL
);
CREATE INDEX delegation_patient ON delegation (patient_id);
CREATE INDEX delegation_delegate ON delegation (delegate_subject, patient_id);
CREATE TRIGGER delegation_append_only BEFORE UPDATE OR DELETE ON delegation
    FOR EACH ROW EXECUTE FUNCTION reject_change();

CREATE TABLE delegation_version (
    id            uuid        PRIMARY KEY,
    delegation_id uuid        NOT NULL REFERENCES delegation (id),
    version       integer     NOT NULL,
    status        text        NOT NULL CHECK (status IN ('ACTIVE', 'REVOKED')),
    kind          text        NOT NULL CHECK (kind IN ('PERSONAL_REPRESENTATIVE', 'GUARDIAN', 'OTHER')),
    scopes        text[]      NOT NULL CHECK (cardinality(scopes) > 0),
    delegate_name text,
    valid_from    timestamptz NOT NULL,
    valid_until   timestamptz,
    reason        text,
    recorded_at   timestamptz NOT NULL,
    recorded_by   text        NOT NULL,
    actor_role    text        NOT NULL,
    UNIQUE (delegation_id, version),
    CHECK (valid_until IS NULL OR valid_until > valid_from)
);
CREATE TRIGGER delegation_version_append_only BEFORE UPDATE OR DELETE ON delegation_version
    FOR EACH ROW EXECUTE FUNCTION reject_change();

-- CARE: a patient and a provider (provider id); BUSINESS: a patient or a provider and an organisation (org id).
CREATE TABLE relation (
    id           uuid        PRIMARY KEY,
    kind         text        NOT NULL CHECK (kind IN ('CARE', 'BUSINESS')),
    subject_type text        NOT NULL CHECK (subject_type IN ('PATIENT', 'PROVIDER')),
    subject_id   text        NOT NULL,
    party_id     text        NOT NULL,
    created_at   timestamptz NOT NULL,
    CHECK (kind = 'BUSINESS' OR subject_type = 'PATIENT')
);
CREATE INDEX relation_party ON relation (kind, party_id, subject_type, subject_id);
CREATE INDEX relation_subject ON relation (subject_type, subject_id);
CREATE TRIGGER relation_append_only BEFORE UPDATE OR DELETE ON relation
    FOR EACH ROW EXECUTE FUNCTION reject_change();

CREATE TABLE relation_version (
    id          uuid        PRIMARY KEY,
    relation_id uuid        NOT NULL REFERENCES relation (id),
    version     integer     NOT NULL,
    status      text        NOT NULL CHECK (status IN ('ACTIVE', 'ENDED')),
    reason      text,
    recorded_at timestamptz NOT NULL,
    recorded_by text        NOT NULL,
    actor_role  text        NOT NULL,
    UNIQUE (relation_id, version)
);
CREATE TRIGGER relation_version_append_only BEFORE UPDATE OR DELETE ON relation_version
    FOR EACH ROW EXECUTE FUNCTION reject_change();
