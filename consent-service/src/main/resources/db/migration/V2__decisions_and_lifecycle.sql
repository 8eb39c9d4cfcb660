-- Issue 4: directive lifecycle (amend, revoke, expire), the decision record and per-subject policy profiles.

-- Authorizations carry their statutory elements and may expire; a revocation may be recorded without a new signed
-- text, and says why. Existing rows are untouched (the history is append-only).
ALTER TABLE directive_version ADD COLUMN authorization_elements text;
ALTER TABLE directive_version ADD COLUMN expires_at timestamptz;
ALTER TABLE directive_version ADD COLUMN revocation_reason text;
ALTER TABLE directive_version ALTER COLUMN text_sha256 DROP NOT NULL;
ALTER TABLE directive_version ADD CONSTRAINT directive_version_status
    CHECK (status IN ('ACTIVE', 'REVOKED'));

-- A directive's row is written once; its content changes only through new versions.
CREATE TRIGGER directive_append_only BEFORE UPDATE OR DELETE ON directive
    FOR EACH ROW EXECUTE FUNCTION reject_change();

-- Every decision is kept so the ledger and the reports can cite it: one row for the request as a whole
-- (overall_id = id, no subject) and one per subject (overall_id = the request's row). The document is the decision
-- as it was answered, JSON.
CREATE TABLE decision (
    id                uuid        PRIMARY KEY,
    overall_id        uuid        NOT NULL,
    subject_type      text,
    subject_id        text,
    decision          text        NOT NULL CHECK (decision IN ('PERMIT', 'DENY')),
    legal_basis       text        NOT NULL,
    consent_id        uuid,
    consent_version   integer,
    purpose           text        NOT NULL,
    recipient_id      text        NOT NULL,
    recipient_type    text        NOT NULL,
    categories        text[]      NOT NULL,
    decision_time     timestamptz NOT NULL,
    decided_at        timestamptz NOT NULL,
    requested_by      text        NOT NULL,
    requester_subject text,
    policy_profile    text,
    break_glass       boolean     NOT NULL,
    review_required   boolean     NOT NULL,
    valid_until       timestamptz,
    stated_reason     text,
    document          text        NOT NULL,
    CHECK ((subject_id IS NULL) = (id = overall_id))
);
CREATE INDEX decision_overall ON decision (overall_id);
CREATE INDEX decision_subject ON decision (subject_type, subject_id, decided_at) WHERE subject_id IS NOT NULL;
CREATE INDEX decision_review ON decision (decided_at) WHERE review_required AND subject_id IS NULL;
CREATE TRIGGER decision_append_only BEFORE UPDATE OR DELETE ON decision
    FOR EACH ROW EXECUTE FUNCTION reject_change();

-- Which policy profile applies to a subject, set by admins (the subject's jurisdiction). Append-only: the latest row
-- set by time T is the one in force at T; a row with profile NULL returns the subject to the deployment default.
CREATE TABLE subject_policy_profile (
    seq          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_type text        NOT NULL,
    subject_id   text        NOT NULL,
    profile      text        CHECK (profile IN ('HIPAA', 'PART2', 'WA_MHMDA', 'STRICT')),
    set_at       timestamptz NOT NULL,
    set_by       text        NOT NULL
);
CREATE INDEX subject_policy_profile_subject ON subject_policy_profile (subject_type, subject_id, set_at DESC, seq DESC);
CREATE TRIGGER subject_policy_profile_append_only BEFORE UPDATE OR DELETE ON subject_policy_profile
    FOR EACH ROW EXECUTE FUNCTION reject_change();
