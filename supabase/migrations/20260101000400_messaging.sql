-- Messaging: the shared inbox. A contact reaches the org through a channel (contact_inboxes); talks in
-- conversations (at most one open per contact and channel); messages carry delivery status and
-- attachments. Ingest connections let external syncers push whole histories in.

create schema if not exists messaging;
grant usage on schema messaging to authenticated, omni_system, omni_worker;

-- A contact as known to one channel: its id on that platform (wa_id, Telegram chat id, IGSID, ...).
create table messaging.contact_inboxes (
  id          uuid primary key,
  org_id      uuid not null references omni.orgs (id) on delete cascade,
  contact_id  uuid not null,
  channel_id  uuid not null,
  source_id   text not null,
  created_at  timestamptz not null default now(),
  unique (channel_id, source_id)
);
select omni.enable_tenant_rls('messaging.contact_inboxes');
create index contact_inboxes_contact_idx on messaging.contact_inboxes (contact_id);

create table messaging.conversations (
  id                      uuid primary key,
  org_id                  uuid not null references omni.orgs (id) on delete cascade,
  channel_id              uuid not null,
  contact_id              uuid not null,
  contact_inbox_id        uuid not null references messaging.contact_inboxes (id) on delete cascade,
  -- the source's own thread id (ingested histories)
  external_id             text,
  status                  text not null default 'open' check (status in ('open', 'pending', 'resolved', 'snoozed')),
  snoozed_until           timestamptz,
  priority                text not null default 'none' check (priority in ('none', 'low', 'medium', 'high', 'urgent')),
  assignee_id             uuid,
  labels                  text[] not null default '{}',
  last_message_at         timestamptz,
  last_message_preview    text,
  -- the last time the contact wrote to us: the WhatsApp/Instagram 24-hour window opens from here
  last_inbound_at         timestamptz,
  unread_count            int not null default 0 check (unread_count >= 0),
  contact_last_seen_at    timestamptz,
  agent_last_seen_at      timestamptz,
  created_at              timestamptz not null default now(),
  updated_at              timestamptz not null default now(),
  constraint snoozed_has_until check (status <> 'snoozed' or snoozed_until is not null)
);
select omni.enable_tenant_rls('messaging.conversations');
-- At most one live conversation that is not resolved per contact and channel (no race can create two).
-- Ingested threads are keyed by their source's thread id instead (a contact may have several).
create unique index conversations_one_open_idx on messaging.conversations (contact_id, channel_id) where status <> 'resolved' and external_id is null;
create unique index conversations_external_idx on messaging.conversations (channel_id, external_id) where external_id is not null;
-- The inbox: most recent activity first.
create index conversations_org_activity_idx on messaging.conversations (org_id, last_message_at desc nulls last, id desc);
create index conversations_contact_idx on messaging.conversations (contact_id, last_message_at desc nulls last);
create index conversations_assignee_idx on messaging.conversations (org_id, assignee_id, last_message_at desc nulls last);
create index conversations_labels_idx on messaging.conversations using gin (labels);

create table messaging.messages (
  id               uuid primary key,
  org_id           uuid not null references omni.orgs (id) on delete cascade,
  conversation_id  uuid not null references messaging.conversations (id) on delete cascade,
  channel_id       uuid not null,
  direction        text not null check (direction in ('inbound', 'outbound')),
  type             text not null check (type in ('text', 'image', 'audio', 'video', 'file', 'location', 'template', 'interactive', 'unsupported')),
  content          text,
  -- type-specific detail: template name/params, interactive payload, location, reply context
  content_attributes jsonb not null default '{}'::jsonb,
  sender_type      text not null check (sender_type in ('contact', 'agent', 'bot', 'system')),
  sender_id        uuid,
  private          boolean not null default false,
  -- the platform's id (wamid, Telegram message id, Instagram mid, the syncer's id): one message per channel
  external_id      text,
  status           text not null default 'sent' check (status in ('queued', 'sent', 'delivered', 'read', 'failed')),
  error_code       text,
  error_text       text,
  -- when it happened on the platform; created_at is when we stored it
  sent_at          timestamptz not null default now(),
  -- imported by the messaging-ingest contract: shown in the inbox, fires no automations
  imported         boolean not null default false,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now()
);
select omni.enable_tenant_rls('messaging.messages');
create unique index messages_external_idx on messaging.messages (channel_id, external_id) where external_id is not null;
create index messages_conversation_idx on messaging.messages (conversation_id, sent_at desc, id desc);

create table messaging.attachments (
  id            uuid primary key,
  org_id        uuid not null references omni.orgs (id) on delete cascade,
  message_id    uuid not null references messaging.messages (id) on delete cascade,
  kind          text not null check (kind in ('image', 'audio', 'video', 'file')),
  mime_type     text,
  file_name     text,
  size_bytes    bigint,
  -- where the bytes are in our storage, once fetched
  storage_key   text,
  -- where they came from: a platform media id, or a URL
  source_ref    text,
  status        text not null default 'pending' check (status in ('pending', 'stored', 'linked', 'failed')),
  error         text,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);
select omni.enable_tenant_rls('messaging.attachments');
create index attachments_message_idx on messaging.attachments (message_id);

-- A delivery receipt can arrive before the send that it is about has recorded the platform's id (the
-- webhook races the send's commit). It waits here and is applied when that id is recorded.
create table messaging.status_backlog (
  id           uuid primary key,
  org_id       uuid not null references omni.orgs (id) on delete cascade,
  channel_id   uuid not null,
  external_id  text not null,
  status       text not null check (status in ('sent', 'delivered', 'read', 'failed')),
  error_code   text,
  error_text   text,
  at           timestamptz not null,
  created_at   timestamptz not null default now()
);
select omni.enable_tenant_rls('messaging.status_backlog');
create index status_backlog_lookup_idx on messaging.status_backlog (channel_id, external_id);
create index status_backlog_age_idx on messaging.status_backlog (created_at);

-- Receipts for messages we never sent (sent from the platform's own app) would wait forever: a day is
-- far longer than any send takes to record its id.
create or replace function messaging.purge_status_backlog() returns void
language sql security definer set search_path = '' as $$
  delete from messaging.status_backlog where created_at < now() - interval '1 day';
$$;
revoke all on function messaging.purge_status_backlog() from public;
grant execute on function messaging.purge_status_backlog() to omni_worker;

-- Status order: a receipt never moves a message backwards (read stays read when a late delivered comes).
create or replace function messaging.status_rank(p_status text) returns int
language sql immutable as $$
  select case p_status when 'queued' then 0 when 'sent' then 1 when 'delivered' then 2 when 'read' then 3 when 'failed' then 1 else -1 end
$$;

-- Signed public media links name an attachment before any org is known (see MediaLinks).
create or replace function messaging.find_stored_attachment(p_id uuid)
returns table (storage_key text, file_name text)
language sql stable security definer set search_path = '' as $$
  select a.storage_key, a.file_name from messaging.attachments a where a.id = p_id and a.status = 'stored'
$$;
revoke all on function messaging.find_stored_attachment(uuid) from public;
grant execute on function messaging.find_stored_attachment(uuid) to omni_system;

-- Connections of the messaging-ingest contract: the syncer presents connection_id + api_secret.
create table messaging.ingest_connections (
  id                  uuid primary key,
  org_id              uuid not null references omni.orgs (id) on delete cascade,
  connection_id       text not null unique check (length(connection_id) between 1 and 200),
  platform            text not null check (platform in ('whatsapp', 'signal', 'telegram', 'wechat')),
  name                text not null check (length(name) between 1 and 200),
  channel_id          uuid not null,
  api_secret_hash     bytea not null,
  api_secret_prefix   text not null,
  is_active           boolean not null default true,
  last_used_at        timestamptz,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now()
);
select omni.enable_tenant_rls('messaging.ingest_connections');

-- The ingest endpoint authenticates before it knows the org.
create or replace function messaging.find_ingest_connection(p_connection_id text)
returns table (id uuid, org_id uuid, platform text, channel_id uuid, api_secret_hash bytea, is_active boolean)
language sql stable security definer set search_path = '' as $$
  select c.id, c.org_id, c.platform, c.channel_id, c.api_secret_hash, c.is_active
  from messaging.ingest_connections c where c.connection_id = p_connection_id
$$;
revoke all on function messaging.find_ingest_connection(text) from public;
grant execute on function messaging.find_ingest_connection(text) to omni_system;
