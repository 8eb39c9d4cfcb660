-- Erasure also blanks request_sha256: it is an unsalted SHA-256 of the request's canonical JSON, so with the
-- plaintext gone it would still confirm a guess of it (a description, a purpose statement). The salted commitment
-- and the leaf stay, so proofs stay valid; a retry under the erased entry's Idempotency-Key is then a 422.
CREATE OR REPLACE FUNCTION reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- erase_entry() sets candor.erasing for its own transaction only, and may only blank content, parts, salt and
    -- the request's hash. (Nested IFs: PL/pgSQL does not promise to short-circuit, and NEW has other fields on other
    -- tables.)
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'entry' THEN
        IF current_setting('candor.erasing', true) = 'on' THEN
            IF NEW.content IS NULL AND NEW.salt IS NULL AND NEW.parts IS NULL AND NEW.request_sha256 IS NULL
               AND (to_jsonb(NEW) - 'content' - 'salt' - 'parts' - 'request_sha256')
                   = (to_jsonb(OLD) - 'content' - 'salt' - 'parts' - 'request_sha256') THEN
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
    UPDATE entry SET content = NULL, salt = NULL, parts = NULL, request_sha256 = NULL
    WHERE leaf_index = p_leaf_index AND content IS NOT NULL;
    IF NOT FOUND THEN
        PERFORM set_config('candor.erasing', 'off', true);
        RETURN false;
    END IF;
    INSERT INTO erasure (leaf_index, erased_at, erased_by, reason) VALUES (p_leaf_index, now(), p_erased_by, p_reason);
    PERFORM set_config('candor.erasing', 'off', true);
    RETURN true;
END;
$$;
