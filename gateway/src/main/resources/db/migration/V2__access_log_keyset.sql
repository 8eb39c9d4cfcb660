-- The access log is read per subject in id order (keyset pagination: id > after ORDER BY id).
CREATE INDEX access_log_subject_id ON access_log (subject_id, id);
