-- Channels: each connected WhatsApp number, Telegram bot, Instagram account, web widget, or receive-only
-- source of ingested history (an inbox, in Chatwoot's terms), and the raw webhooks they receive.

create schema if not exists channels;
grant usage on schema channels to authenticated, omni_system;

create table channels.channels (
  id                   uuid primary key,
  org_id               uuid not null references omni.orgs (id) on delete cascade,
  type                 text not null check (type in ('whatsapp', 'telegram', 'instagram', 'web_widget', 'signal', 'wechat')),
  name                 text not null check (length(name) between 1 and 200),
  status               text not null default 'active' check (status in ('active', 'error', 'disabled')),
  -- receive-only: fed by the messaging-ingest contract, never sends
  ingest_only          boolean not null default false,
  -- what routes a platform's webhook here: WhatsApp phone_number_id, Instagram page/IG account id
  external_id          text,
  -- non-secret settings shown to clients (business account id, bot username, page id, ...)
  settings             jsonb not null default '{}'::jsonb,
  -- the credentials (tokens, app secrets, verify tokens) sealed with the secret box; never returned
  sealed_credentials   text,
  last_error           text,
  last_error_at        timestamptz,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now()
);
select omni.enable_tenant_rls('channels.channels');
create index channels_org_created_idx on channels.channels (org_id, created_at desc, id desc);
-- One channel per platform account across all orgs: a webhook must route to exactly one.
create unique index channels_external_id_idx on channels.channels (type, external_id) where external_id is not null;

-- Webhook routing happens before anyone knows the org: these definer functions return just what the
-- intake needs (which channel, which org, the sealed secrets to verify the signature with).
create or replace function channels.route_webhook(p_type text, p_external_id text)
returns table (channel_id uuid, org_id uuid, sealed_credentials text)
language sql stable security definer set search_path = '' as $$
  select c.id, c.org_id, c.sealed_credentials from channels.channels c
  where c.type = p_type and c.external_id = p_external_id and c.status <> 'disabled'
$$;

create or replace function channels.route_webhook_by_id(p_type text, p_channel_id uuid)
returns table (channel_id uuid, org_id uuid, sealed_credentials text)
language sql stable security definer set search_path = '' as $$
  select c.id, c.org_id, c.sealed_credentials from channels.channels c
  where c.type = p_type and c.id = p_channel_id and c.status <> 'disabled'
$$;
revoke all on function channels.route_webhook(text, text), channels.route_webhook_by_id(text, uuid) from public;
grant execute on function channels.route_webhook(text, text), channels.route_webhook_by_id(text, uuid) to omni_system;

-- Every verified webhook, as received, before any processing: the durable record the 200 promises.
create table channels.webhook_events (
  id            uuid primary key,
  org_id        uuid not null references omni.orgs (id) on delete cascade,
  channel_id    uuid not null references channels.channels (id) on delete cascade,
  platform      text not null,
  body          text not null,
  received_at   timestamptz not null default now(),
  processed_at  timestamptz,
  error         text
);
select omni.enable_tenant_rls('channels.webhook_events');
create index webhook_events_channel_idx on channels.webhook_events (channel_id, received_at desc);
