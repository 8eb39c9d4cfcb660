-- Entries of the second format ("v": 2): an entry about several people commits to each of them separately, so each
-- can be shown their own part without the others (docs/ledger.md, "Who sees whom"). content then holds the shared
-- fields and the sorted list of the parts' commitments; parts holds the parts themselves (a JSON array, one object
-- per subject, in subject order). Entries of the first format have no parts (NULL). Text, not jsonb: it is only ever
-- written and read back whole, and parsing it into jsonb on every append would be PostgreSQL's work for nothing.
ALTER TABLE entry ADD COLUMN parts text;

-- Erasure blanks the parts with the content and the salt: they are the entry's plaintext too.
CREATE OR REPLACE FUNCTION reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- erase_entry() sets candor.erasing for its own transaction only, and may only blank content, parts and salt.
    -- (Nested IFs: PL/pgSQL does not promise to short-circuit, and NEW has other fields on other tables.)
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'entry' THEN
        IF current_setting('candor.erasing', true) = 'on' THEN
            IF NEW.content IS NULL AND NEW.salt IS NULL AND NEW.parts IS NULL
               AND (to_jsonb(NEW) - 'content' - 'salt' - 'parts') = (to_jsonb(OLD) - 'content' - 'salt' - 'parts') THEN
                RETURN NEW;
            END IF;
        END IF;
    END IF;
    RAISE EXCEPTION 'the disclosure ledger is append-only: % on % rejected', TG_OP, TG_TABLE_NAME;
END;
$$;

CREATE OR REPLACE FUNCTION erase_entry(p_leaf_index bigint, p_erased_by text, p_reason text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    PERFORM set_config('candor.erasing', 'on', true);
    UPDATE entry SET content = NULL, salt = NULL, parts = NULL WHERE leaf_index = p_leaf_index AND content IS NOT NULL;
    IF NOT FOUND THEN
        PERFORM set_config('candor.erasing', 'off', true);
        RETURN false;
    END IF;
    INSERT INTO erasure (leaf_index, erased_at, erased_by, reason) VALUES (p_leaf_index, now(), p_erased_by, p_reason);
    PERFORM set_config('candor.erasing', 'off', true);
    RETURN true;
END;
$$;
