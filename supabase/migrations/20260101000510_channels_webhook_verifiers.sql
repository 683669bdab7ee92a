-- The webhook handshake of Meta's platforms (GET ?hub.verify_token=...) names no account: the intake checks
-- the token against the verify tokens of every channel of that type. Like route_webhook, this definer
-- function runs before anyone knows the org and returns only what the check needs.
create or replace function channels.webhook_verifiers(p_type text)
returns table (channel_id uuid, sealed_credentials text)
language sql stable security definer set search_path = '' as $$
  select c.id, c.sealed_credentials from channels.channels c
  where c.type = p_type and c.status <> 'disabled' and c.sealed_credentials is not null
$$;
revoke all on function channels.webhook_verifiers(text) from public;
grant execute on function channels.webhook_verifiers(text) to omni_system;
