-- Every report this service produced: who asked, about whom, when. Append-only like everything Candor keeps.
CREATE TABLE issued_report (
    id              uuid        PRIMARY KEY,
    kind            text        NOT NULL,
    subject_id      text        NOT NULL,
    requested_by    text        NOT NULL,
    requester_roles text        NOT NULL,
    created_at      timestamptz NOT NULL,
    disclosure_count integer    NOT NULL,
    consent_count   integer     NOT NULL
);
CREATE INDEX issued_report_subject ON issued_report (subject_id, created_at);
