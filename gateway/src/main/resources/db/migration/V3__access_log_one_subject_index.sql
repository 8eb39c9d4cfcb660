-- (subject_id, id) serves the keyset reads; the older (subject_id, at) index only slowed every write down.
DROP INDEX access_log_subject;
