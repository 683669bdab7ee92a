-- Meta's webhook handshake (GET /webhooks/instagram?hub.verify_token=...) names no account, only the verify
-- token: the intake compares it with the verify token of every channel of the type. It runs before any org
-- is known, so this definer function returns just that: each channel's id and its sealed credentials (they
-- open only with the secret box's key, bound to their channel id).
create or replace function channels.verify_token_candidates(p_type text)
returns table (channel_id uuid, sealed_credentials text)
language sql stable security definer set search_path = '' as $$
  select c.id, c.sealed_credentials from channels.channels c
  where c.type = p_type and c.status <> 'disabled' and not c.ingest_only and c.sealed_credentials is not null
$$;
revoke all on function channels.verify_token_candidates(text) from public;
grant execute on function channels.verify_token_candidates(text) to omni_system;
