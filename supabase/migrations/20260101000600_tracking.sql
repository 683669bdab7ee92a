-- Tracking: the org's sites and apps (sources, each with a public write key), the events their visitors
-- do, which anonymous visitor is which contact, forwarding to Meta's Conversions API, saved segments and
-- conversion-propensity scores.

create schema if not exists tracking;
grant usage on schema tracking to authenticated, omni_system, omni_worker;

-- A site or app that sends events. write_key is public (it ships in the page); the Conversions API token
-- is sealed by the secret box.
create table tracking.sources (
  id                 uuid primary key,
  org_id             uuid not null references omni.orgs (id) on delete cascade,
  name               text not null check (length(name) between 1 and 200),
  write_key          text not null unique,
  allowed_origins    text[] not null default '{}',
  pixel_id           text,
  sealed_capi_token  text,
  test_event_code    text,
  -- 'none': the cookie is set at once; 'required': no cookie and no events until the page grants consent
  consent_mode       text not null default 'none' check (consent_mode in ('none', 'required')),
  anonymize_ip       boolean not null default false,
  store_user_agent   boolean not null default true,
  -- SHA-256 of the shared secret GTM server-side sends to /webhooks/gtm (null: that webhook is off)
  gtm_secret_hash    bytea,
  is_active          boolean not null default true,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now()
);
select omni.enable_tenant_rls('tracking.sources');

-- The source of a write key, for intake before the org is known (intake then acts as the system for it).
create or replace function tracking.find_source_by_write_key(p_write_key text)
returns table (id uuid, org_id uuid, allowed_origins text[], pixel_id text, consent_mode text, anonymize_ip boolean,
               store_user_agent boolean, is_active boolean)
language sql stable security definer set search_path = '' as $$
  select s.id, s.org_id, s.allowed_origins, s.pixel_id, s.consent_mode, s.anonymize_ip, s.store_user_agent, s.is_active
  from tracking.sources s where s.write_key = p_write_key
$$;
revoke all on function tracking.find_source_by_write_key(text) from public;
grant execute on function tracking.find_source_by_write_key(text) to omni_system;

-- The source a GTM server container posts for, by the hash of its shared secret.
create or replace function tracking.find_source_by_gtm_secret(p_hash bytea)
returns table (id uuid, org_id uuid, pixel_id text, anonymize_ip boolean, store_user_agent boolean, is_active boolean)
language sql stable security definer set search_path = '' as $$
  select s.id, s.org_id, s.pixel_id, s.anonymize_ip, s.store_user_agent, s.is_active from tracking.sources s where s.gtm_secret_hash = p_hash
$$;
revoke all on function tracking.find_source_by_gtm_secret(bytea) from public;
grant execute on function tracking.find_source_by_gtm_secret(bytea) to omni_system;

-- One thing a visitor did. event_id is the client's id for it (shared with the browser pixel and the
-- Conversions API for deduplication); a retry of the same event_id stores nothing. occurred_at is the
-- client's time corrected for its clock skew (received_at - sent_at); received_at is the server's.
-- org_id is the source's org (the writer takes it from the source); it has no foreign key of its own: each
-- would cost every stored event a lookup, and deleting an org still deletes its sources and so their events.
create table tracking.events (
  id            uuid primary key,
  org_id        uuid not null,
  source_id     uuid not null references tracking.sources (id) on delete cascade,
  event_id      text not null check (length(event_id) between 1 and 100),
  type          text not null check (type in ('page', 'track', 'identify')),
  name          text not null check (length(name) between 1 and 200),
  anonymous_id  text check (length(anonymous_id) <= 100),
  contact_id    uuid,
  properties    jsonb not null default '{}'::jsonb,
  -- page and campaign: url, path, referrer, title, utm_source/medium/campaign/term/content, fbc, fbp, locale, screen
  context       jsonb not null default '{}'::jsonb,
  url           text,
  ip            inet,
  user_agent    text,
  is_bot        boolean not null default false,
  occurred_at   timestamptz not null,
  received_at   timestamptz not null default now(),
  unique (source_id, event_id)
);
select omni.enable_tenant_rls('tracking.events');
create index events_org_time_idx on tracking.events (org_id, occurred_at desc, id desc);
create index events_anonymous_time_idx on tracking.events (org_id, anonymous_id, occurred_at) where anonymous_id is not null;
-- Every index costs each stored event a write: the composite indexes lead with org_id, so the policy's plain
-- one is not needed. (Segments and timelines add theirs by name and contact in 20260101000620.)
drop index tracking.tracking_events_org_rls_idx;

-- Which contact an anonymous visitor turned out to be (on identify).
create table tracking.identities (
  org_id        uuid not null references omni.orgs (id) on delete cascade,
  anonymous_id  text not null,
  contact_id    uuid not null,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  primary key (org_id, anonymous_id)
);
select omni.enable_tenant_rls('tracking.identities');
create index identities_contact_idx on tracking.identities (contact_id);

-- What became of each event sent to the Conversions API.
create table tracking.capi_deliveries (
  id            uuid primary key,
  org_id        uuid not null references omni.orgs (id) on delete cascade,
  source_id     uuid not null references tracking.sources (id) on delete cascade,
  event_row_id  uuid references tracking.events (id) on delete cascade,
  event_id      text not null,
  event_name    text not null,
  status        text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts      int not null default 0,
  test_event_code text,
  fbtrace_id    text,
  last_error    text,
  response      jsonb,
  created_at    timestamptz not null default now(),
  sent_at       timestamptz,
  updated_at    timestamptz not null default now()
);
select omni.enable_tenant_rls('tracking.capi_deliveries');
create index capi_deliveries_event_idx on tracking.capi_deliveries (event_row_id);
create index capi_deliveries_org_time_idx on tracking.capi_deliveries (org_id, created_at desc, id desc);

-- Saved rule-based segments and who is in them (refreshed incrementally).
create table tracking.segments (
  id            uuid primary key,
  org_id        uuid not null references omni.orgs (id) on delete cascade,
  name          text not null check (length(name) between 1 and 200),
  rules         jsonb not null,
  member_count  int not null default 0,
  refreshed_at  timestamptz,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);
select omni.enable_tenant_rls('tracking.segments');

create table tracking.segment_members (
  org_id      uuid not null references omni.orgs (id) on delete cascade,
  segment_id  uuid not null references tracking.segments (id) on delete cascade,
  contact_id  uuid not null,
  entered_at  timestamptz not null default now(),
  primary key (segment_id, contact_id)
);
select omni.enable_tenant_rls('tracking.segment_members');

-- Conversion-propensity models (one current per org) and each contact's score with its top factors.
create table tracking.score_models (
  id            uuid primary key,
  org_id        uuid not null references omni.orgs (id) on delete cascade,
  features      jsonb not null,
  weights       jsonb not null,
  auc           real,
  samples       int not null,
  positives     int not null,
  trained_at    timestamptz not null default now()
);
select omni.enable_tenant_rls('tracking.score_models');
create index score_models_org_time_idx on tracking.score_models (org_id, trained_at desc);

create table tracking.contact_scores (
  org_id      uuid not null references omni.orgs (id) on delete cascade,
  contact_id  uuid not null,
  model_id    uuid not null references tracking.score_models (id) on delete cascade,
  score       real not null check (score between 0 and 1),
  factors     jsonb not null default '[]'::jsonb,
  scored_at   timestamptz not null default now(),
  primary key (org_id, contact_id)
);
select omni.enable_tenant_rls('tracking.contact_scores');
create index contact_scores_score_idx on tracking.contact_scores (org_id, score desc);
