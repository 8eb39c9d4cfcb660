-- Who read or changed whose data through the gateway (the "access report" HIPAA proposed and never finalised).
CREATE TABLE access_log (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              timestamptz NOT NULL,
    request_id      text        NOT NULL,
    caller          text        NOT NULL,
    caller_roles    text        NOT NULL,
    method          text        NOT NULL,
    path            text        NOT NULL,
    subject_id      text,
    status          integer     NOT NULL
);
CREATE INDEX access_log_subject ON access_log (subject_id, at);

CREATE FUNCTION reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only: % on % rejected', TG_OP, TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION reject_change();
