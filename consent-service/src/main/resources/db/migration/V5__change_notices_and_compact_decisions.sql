-- Issue 4 (throughput): decisions are taken from an in-memory copy of each subject's directives and profile settings
-- (SubjectConsentCache). Every replica must hear of every change, whichever path wrote it, so the change notice is
-- sent by the database itself: a NOTIFY per written version or setting, naming the subject. PostgreSQL delivers it
-- only when (and if) the transaction commits.
CREATE FUNCTION notify_consent_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    subject text;
BEGIN
    IF TG_TABLE_NAME = 'directive_version' THEN
        SELECT d.subject_type || '|' || d.subject_id INTO subject FROM directive d WHERE d.id = NEW.directive_id;
    ELSE
        subject := NEW.subject_type || '|' || NEW.subject_id;
    END IF;
    PERFORM pg_notify('candor_consent_changed', subject);
    RETURN NULL;
END;
$$;
CREATE TRIGGER directive_version_notice AFTER INSERT ON directive_version
    FOR EACH ROW EXECUTE FUNCTION notify_consent_change();
CREATE TRIGGER subject_policy_profile_notice AFTER INSERT ON subject_policy_profile
    FOR EACH ROW EXECUTE FUNCTION notify_consent_change();

-- A compact decision record: the answer as given (JSON) is kept once, on the request's row; each subject's row keeps
-- the columns a citation needs (outcome, basis, directive and version, profile) and no copy of the text. Rows up to
-- a page stay inline and uncompressed: compressing every ~2–4 KB answer cost more CPU than the bytes it saved.
ALTER TABLE decision ALTER COLUMN document DROP NOT NULL;
ALTER TABLE decision ADD CONSTRAINT decision_document_on_request CHECK (subject_id IS NOT NULL OR document IS NOT NULL);
ALTER TABLE decision SET (toast_tuple_target = 8160);
