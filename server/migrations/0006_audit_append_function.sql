-- One round trip per audit row (docs/decisions/0003): the head is locked, the row hashed,
-- inserted and the head moved inside the server, so the lock on a municipality's chain is
-- held for one statement and the commit, not for two round trips to the app.
-- hash = sha256(prev_hash || '\n' || seq || '\n' || body), where body is the canonical JSON
-- of the row's other fields, computed by the app (server/platform/audit.ts auditBody) and
-- recomputed by the verifier from the stored row.
CREATE FUNCTION audit_append(
  p_municipality_code text, p_occurred_at timestamptz, p_actor_account_id text, p_actor_login_id text,
  p_action text, p_subject_type text, p_subject_id text, p_outcome text, p_legal_basis text,
  p_request_id text, p_ip text, p_details jsonb, p_body text
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  head_seq bigint;
  head_hash text;
  new_hash text;
BEGIN
  SELECT seq, hash INTO head_seq, head_hash FROM audit_heads WHERE municipality_code = p_municipality_code FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO audit_heads (municipality_code, seq, hash) VALUES (p_municipality_code, 0, repeat('0', 64))
      ON CONFLICT (municipality_code) DO NOTHING;
    SELECT seq, hash INTO head_seq, head_hash FROM audit_heads WHERE municipality_code = p_municipality_code FOR UPDATE;
  END IF;
  new_hash := encode(sha256(convert_to(head_hash || E'\n' || (head_seq + 1)::text || E'\n' || p_body, 'UTF8')), 'hex');
  INSERT INTO audit_events (municipality_code, seq, occurred_at, actor_account_id, actor_login_id, action,
    subject_type, subject_id, outcome, legal_basis, request_id, ip, details, prev_hash, hash)
  VALUES (p_municipality_code, head_seq + 1, p_occurred_at, p_actor_account_id, p_actor_login_id, p_action,
    p_subject_type, p_subject_id, p_outcome, p_legal_basis, p_request_id, p_ip, p_details, head_hash, new_hash);
  UPDATE audit_heads SET seq = head_seq + 1, hash = new_hash WHERE municipality_code = p_municipality_code;
  RETURN head_seq + 1;
END;
$$;
