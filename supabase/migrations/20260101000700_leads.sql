-- Leads: sales pipelines with ordered stages, the leads moving through them, their notes and activity
-- history, per-stage totals for the board, and the org's automatic lead rules.

create schema if not exists leads;
grant usage on schema leads to authenticated, omni_system;

-- A pipeline and, when conversion_event is set, the Meta event reported when a lead reaches
-- conversion_stage_id (or any won stage when that is null).
create table leads.pipelines (
  id                   uuid primary key,
  org_id               uuid not null references omni.orgs (id) on delete cascade,
  name                 text not null check (length(name) between 1 and 200),
  is_default           boolean not null default false,
  conversion_event     text check (length(conversion_event) between 1 and 100),
  conversion_stage_id  uuid,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now()
);
select omni.enable_tenant_rls('leads.pipelines');
-- One default pipeline per org; also the arbiter of the race to create it.
create unique index pipelines_org_default_idx on leads.pipelines (org_id) where is_default;
create index pipelines_org_created_idx on leads.pipelines (org_id, created_at, id);
drop index leads.leads_pipelines_org_rls_idx;

-- Stages in board order (position ascending). A lead's status follows its stage's kind.
create table leads.stages (
  id           uuid primary key,
  org_id       uuid not null references omni.orgs (id) on delete cascade,
  pipeline_id  uuid not null references leads.pipelines (id) on delete cascade,
  name         text not null check (length(name) between 1 and 100),
  kind         text not null check (kind in ('open', 'won', 'lost')),
  position     int not null,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);
select omni.enable_tenant_rls('leads.stages');
create index stages_org_pipeline_idx on leads.stages (org_id, pipeline_id, position, id);
drop index leads.leads_stages_org_rls_idx;

create table leads.leads (
  id                   uuid primary key,
  org_id               uuid not null references omni.orgs (id) on delete cascade,
  pipeline_id          uuid not null references leads.pipelines (id) on delete cascade,
  -- No cascade: a stage is deleted only once its leads have moved (or the delete is refused).
  stage_id             uuid not null references leads.stages (id),
  title                text not null check (length(title) between 1 and 300),
  contact_id           uuid,
  value                numeric(19, 4) check (value >= 0),
  currency             text check (currency ~ '^[A-Z]{3}$'),
  source               text check (length(source) <= 100),
  status               text not null check (status in ('open', 'won', 'lost')),
  lost_reason          text check (length(lost_reason) <= 500),
  assignee_id          uuid,
  expected_close_date  date,
  custom_fields        jsonb not null default '{}'::jsonb,
  first_touch          jsonb,
  last_touch           jsonb,
  created_by           uuid,
  stage_entered_at     timestamptz not null default now(),
  closed_at            timestamptz,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  constraint leads_custom_fields_object check (jsonb_typeof(custom_fields) = 'object')
);
select omni.enable_tenant_rls('leads.leads');
-- The list, newest first.
create index leads_org_created_idx on leads.leads (org_id, created_at desc, id desc);
-- A board column (and the stage filter), newest first.
create index leads_org_stage_idx on leads.leads (org_id, stage_id, created_at desc, id desc);
-- "My open leads" and the like.
create index leads_org_status_assignee_idx on leads.leads (org_id, status, assignee_id, created_at desc, id desc);
create index leads_org_contact_idx on leads.leads (org_id, contact_id) where contact_id is not null;
create index leads_title_trgm_idx on leads.leads using gin (title extensions.gin_trgm_ops);
drop index leads.leads_leads_org_rls_idx;

-- Count and value per stage and currency ('' when none), kept by the triggers below so that the board
-- never counts leads.
create table leads.stage_totals (
  org_id       uuid not null references omni.orgs (id) on delete cascade,
  stage_id     uuid not null references leads.stages (id) on delete cascade,
  currency     text not null,
  lead_count   bigint not null default 0,
  value_total  numeric not null default 0,
  primary key (org_id, stage_id, currency)
);
select omni.enable_tenant_rls('leads.stage_totals');
drop index leads.leads_stage_totals_org_rls_idx;

-- Statement-level with transition tables: an import of thousands of leads costs one upsert per
-- (stage, currency). Keys are applied in one order, so concurrent writers cannot deadlock on them. Runs as
-- the caller: whoever may write a lead may write its org's totals.
create or replace function leads.stage_totals_insert() returns trigger
language plpgsql as $$
begin
  insert into leads.stage_totals as t (org_id, stage_id, currency, lead_count, value_total)
  select n.org_id, n.stage_id, coalesce(n.currency, ''), count(*), sum(coalesce(n.value, 0))
  from new_rows n group by 1, 2, 3 order by 1, 2, 3
  on conflict (org_id, stage_id, currency) do update
    set lead_count = t.lead_count + excluded.lead_count, value_total = t.value_total + excluded.value_total;
  return null;
end
$$;

create or replace function leads.stage_totals_delete() returns trigger
language plpgsql as $$
begin
  update leads.stage_totals t set lead_count = t.lead_count - d.n, value_total = t.value_total - d.v
  from (select o.org_id, o.stage_id, coalesce(o.currency, '') as currency, count(*) as n, sum(coalesce(o.value, 0)) as v
        from old_rows o group by 1, 2, 3) d
  where t.org_id = d.org_id and t.stage_id = d.stage_id and t.currency = d.currency;
  return null;
end
$$;

create or replace function leads.stage_totals_update() returns trigger
language plpgsql as $$
begin
  insert into leads.stage_totals as t (org_id, stage_id, currency, lead_count, value_total)
  select d.org_id, d.stage_id, d.currency, sum(d.n), sum(d.v)
  from (
    select n.org_id, n.stage_id, coalesce(n.currency, '') as currency, 1 as n, coalesce(n.value, 0) as v from new_rows n
    union all
    select o.org_id, o.stage_id, coalesce(o.currency, ''), -1, -coalesce(o.value, 0) from old_rows o
  ) d
  group by d.org_id, d.stage_id, d.currency
  having sum(d.n) <> 0 or sum(d.v) <> 0
  order by d.org_id, d.stage_id, d.currency
  on conflict (org_id, stage_id, currency) do update
    set lead_count = t.lead_count + excluded.lead_count, value_total = t.value_total + excluded.value_total;
  return null;
end
$$;

create trigger leads_totals_insert after insert on leads.leads
  referencing new table as new_rows for each statement execute function leads.stage_totals_insert();
create trigger leads_totals_update after update on leads.leads
  referencing old table as old_rows new table as new_rows for each statement execute function leads.stage_totals_update();
create trigger leads_totals_delete after delete on leads.leads
  referencing old table as old_rows for each statement execute function leads.stage_totals_delete();

-- What happened to a lead, newest first: created, edited, stage_changed, status_changed, assigned,
-- note_added, contact_merged, contact_deleted, imported. actor_id is the user (null for the system or a key).
create table leads.activities (
  id          uuid primary key,
  org_id      uuid not null references omni.orgs (id) on delete cascade,
  lead_id     uuid not null references leads.leads (id) on delete cascade,
  type        text not null,
  actor_id    uuid,
  actor       text not null,
  data        jsonb not null default '{}'::jsonb,
  created_at  timestamptz not null default clock_timestamp()
);
select omni.enable_tenant_rls('leads.activities');
create index activities_org_lead_idx on leads.activities (org_id, lead_id, created_at desc, id desc);
drop index leads.leads_activities_org_rls_idx;

create table leads.notes (
  id          uuid primary key,
  org_id      uuid not null references omni.orgs (id) on delete cascade,
  lead_id     uuid not null references leads.leads (id) on delete cascade,
  author_id   uuid,
  body        text not null check (length(body) between 1 and 10000),
  created_at  timestamptz not null default clock_timestamp()
);
select omni.enable_tenant_rls('leads.notes');
create index notes_org_lead_idx on leads.notes (org_id, lead_id, created_at desc, id desc);
drop index leads.leads_notes_org_rls_idx;

-- Rules that open a lead by themselves: on a contact's first inbound message (optionally on one channel)
-- or on a tracked event of a given name.
create table leads.rules (
  id           uuid primary key,
  org_id       uuid not null references omni.orgs (id) on delete cascade,
  name         text not null check (length(name) between 1 and 200),
  trigger      text not null check (trigger in ('first_inbound_message', 'tracked_event')),
  channel_id   uuid,
  event_name   text check (length(event_name) between 1 and 200),
  pipeline_id  uuid not null references leads.pipelines (id) on delete cascade,
  stage_id     uuid not null references leads.stages (id) on delete cascade,
  assignee_id  uuid,
  source       text check (length(source) <= 100),
  is_active    boolean not null default true,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  constraint rules_event_name check ((trigger = 'tracked_event') = (event_name is not null))
);
select omni.enable_tenant_rls('leads.rules');
create index rules_org_trigger_idx on leads.rules (org_id, trigger, created_at, id);
drop index leads.leads_rules_org_rls_idx;

-- The org's default pipeline, created with its stages on first use by whoever comes first (a viewer's
-- first read too, which may not write): the unique index settles a race, the loser reads the winner's.
-- Only a member of the org, or system work for it, gets an answer.
create or replace function leads.ensure_default_pipeline(p_org uuid) returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  v_id uuid;
begin
  if not (p_org in (select o from omni.member_org_ids_unfenced() o)
          or (auth.uid() is null and p_org = omni.claim_org_id())) then
    return null;
  end if;
  select p.id into v_id from leads.pipelines p where p.org_id = p_org and p.is_default;
  if v_id is not null then return v_id; end if;
  v_id := gen_random_uuid();
  insert into leads.pipelines (id, org_id, name, is_default) values (v_id, p_org, 'Sales', true)
  on conflict (org_id) where is_default do nothing;
  if not found then
    select p.id into v_id from leads.pipelines p where p.org_id = p_org and p.is_default;
    return v_id;
  end if;
  insert into leads.stages (id, org_id, pipeline_id, name, kind, position)
  select gen_random_uuid(), p_org, v_id, s.name, s.kind, s.position
  from (values ('New', 'open', 1), ('Qualified', 'open', 2), ('Proposal', 'open', 3), ('Won', 'won', 4), ('Lost', 'lost', 5))
       as s (name, kind, position);
  return v_id;
end
$$;
revoke all on function leads.ensure_default_pipeline(uuid) from public;
grant execute on function leads.ensure_default_pipeline(uuid) to authenticated, omni_system;
