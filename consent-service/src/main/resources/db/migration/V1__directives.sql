-- A directive belongs to one subject. Every change (create, amend, revoke) is a new row in directive_version;
-- nothing is updated in place or deleted, so "what was in force at time T" stays answerable.
CREATE TABLE directive (
    id              uuid        PRIMARY KEY,
    subject_type    text        NOT NULL,
    subject_id      text        NOT NULL,
    kind            text        NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX directive_subject ON directive (subject_type, subject_id);

CREATE TABLE directive_version (
    id              uuid        PRIMARY KEY,
    directive_id    uuid        NOT NULL REFERENCES directive (id),
    version         integer     NOT NULL,
    status          text        NOT NULL,
    provisions      text        NOT NULL,
    text_sha256     text        NOT NULL,
    recorded_at     timestamptz NOT NULL,
    recorded_by     text        NOT NULL,
    actor_role      text        NOT NULL,
    UNIQUE (directive_id, version)
);

CREATE FUNCTION reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'consent history is append-only: % on % rejected', TG_OP, TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER directive_version_append_only BEFORE UPDATE OR DELETE ON directive_version
    FOR EACH ROW EXECUTE FUNCTION reject_change();
