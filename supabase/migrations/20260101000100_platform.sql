-- The platform: users, organizations, members, invitations, API keys, jobs/outbox, idempotency keys,
-- and the helpers every module's row-level security is written with.

do $$
begin
  -- System work (webhook intake, ingest by API secret, API keys, job handlers) runs as omni_system with
  -- claims naming the one org it acts for; RLS fences it to that org. Not a bypass role.
  if not exists (select from pg_roles where rolname = 'omni_system') then
    begin create role omni_system nologin noinherit; exception when duplicate_object or unique_violation then null; end;
  end if;
  -- The job dispatcher claims jobs across orgs; it can touch omni.jobs and nothing else.
  if not exists (select from pg_roles where rolname = 'omni_worker') then
    begin create role omni_worker nologin noinherit; exception when duplicate_object or unique_violation then null; end;
  end if;
end
$$;

create schema if not exists omni;
grant usage on schema omni to authenticated, omni_system, omni_worker;

-- The org the current request acts in, as the API put it in the claims (null when none is chosen).
create or replace function omni.claim_org_id() returns uuid
language sql stable as $$
  select nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'omni_org_id', '')::uuid
$$;

create table omni.users (
  id            uuid primary key,
  email         text,
  display_name  text,
  created_at    timestamptz not null default now(),
  last_seen_at  timestamptz not null default now()
);
create index users_email_idx on omni.users (lower(email));

create table omni.orgs (
  id          uuid primary key,
  name        text not null check (length(name) between 1 and 200),
  created_by  uuid references omni.users (id),
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);

create table omni.memberships (
  org_id      uuid not null references omni.orgs (id) on delete cascade,
  user_id     uuid not null references omni.users (id) on delete cascade,
  role        text not null check (role in ('owner', 'admin', 'agent', 'viewer')),
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  primary key (org_id, user_id)
);
create index memberships_user_idx on omni.memberships (user_id, org_id) include (role);

create table omni.org_invitations (
  id          uuid primary key,
  org_id      uuid not null references omni.orgs (id) on delete cascade,
  email       text not null,
  role        text not null check (role in ('admin', 'agent', 'viewer')),
  invited_by  uuid references omni.users (id),
  created_at  timestamptz not null default now(),
  unique (org_id, email)
);
create index org_invitations_email_idx on omni.org_invitations (email);

-- Orgs the signed-in user belongs to (narrowed to the org the request acts in, when one is chosen), and
-- the subsets it may write in and administer. Plain SQL functions, used in policies as
-- `org_id in (select o from omni.member_org_ids() o)`: Postgres inlines them into the query as a
-- subquery on memberships (an index lookup, planned with the query and cached with its prepared plan).
-- A SECURITY DEFINER function could not be inlined and would be planned again on every call.
create or replace function omni.member_org_ids() returns setof uuid
language sql stable as $$
  select m.org_id from omni.memberships m
  where m.user_id = (select auth.uid())
    and ((select omni.claim_org_id()) is null or m.org_id = (select omni.claim_org_id()))
$$;

create or replace function omni.writer_org_ids() returns setof uuid
language sql stable as $$
  select m.org_id from omni.memberships m
  where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin', 'agent')
    and ((select omni.claim_org_id()) is null or m.org_id = (select omni.claim_org_id()))
$$;

create or replace function omni.admin_org_ids() returns setof uuid
language sql stable as $$
  select m.org_id from omni.memberships m
  where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')
    and ((select omni.claim_org_id()) is null or m.org_id = (select omni.claim_org_id()))
$$;

-- The same sets for the policies of memberships itself, which cannot query memberships under its own
-- policies (that would recurse): security definer, so they read memberships without RLS.
create or replace function omni.member_org_ids_unfenced() returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return query select m.org_id from omni.memberships m
    where m.user_id = auth.uid() and (omni.claim_org_id() is null or m.org_id = omni.claim_org_id());
end
$$;

create or replace function omni.admin_org_ids_unfenced() returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return query select m.org_id from omni.memberships m
    where m.user_id = auth.uid() and m.role in ('owner', 'admin')
      and (omni.claim_org_id() is null or m.org_id = omni.claim_org_id());
end
$$;
revoke all on function omni.member_org_ids_unfenced(), omni.admin_org_ids_unfenced() from public;
grant execute on function omni.member_org_ids_unfenced(), omni.admin_org_ids_unfenced() to authenticated;

grant execute on function omni.claim_org_id(), omni.member_org_ids(), omni.writer_org_ids(), omni.admin_org_ids()
  to authenticated, omni_system, omni_worker;

-- The standard fence for a tenant table: RLS on and forced; members read; owners, admins and agents
-- write; system work reads and writes only the org its claims name; the policy column is indexed.
create or replace function omni.enable_tenant_rls(p_table regclass) returns void
language plpgsql as $$
declare
  t text := p_table::text;
  idx text := replace(replace(p_table::text, '.', '_'), '"', '') || '_org_rls_idx';
begin
  execute format('alter table %s enable row level security', t);
  execute format('alter table %s force row level security', t);
  execute format('create policy tenant_member_select on %s for select to authenticated using (org_id in (select o from omni.member_org_ids() o))', t);
  execute format('create policy tenant_writer_insert on %s for insert to authenticated with check (org_id in (select o from omni.writer_org_ids() o))', t);
  execute format('create policy tenant_writer_update on %s for update to authenticated using (org_id in (select o from omni.writer_org_ids() o)) with check (org_id in (select o from omni.writer_org_ids() o))', t);
  execute format('create policy tenant_writer_delete on %s for delete to authenticated using (org_id in (select o from omni.writer_org_ids() o))', t);
  execute format('create policy tenant_system_all on %s for all to omni_system using (org_id = (select omni.claim_org_id())) with check (org_id = (select omni.claim_org_id()))', t);
  execute format('create index if not exists %I on %s (org_id)', idx, t);
  execute format('grant select, insert, update, delete on %s to authenticated, omni_system', t);
end
$$;
revoke all on function omni.enable_tenant_rls(regclass) from public;

-- Users: each one sees and edits itself, and sees the people it shares an org with.
alter table omni.users enable row level security;
alter table omni.users force row level security;
create policy users_self_or_colleague on omni.users for select to authenticated
  using (id = (select auth.uid())
         or id in (select m.user_id from omni.memberships m where m.org_id in (select o from omni.member_org_ids() o)));
create policy users_system_colleague on omni.users for select to omni_system
  using (id in (select m.user_id from omni.memberships m where m.org_id = (select omni.claim_org_id())));
create policy users_self_update on omni.users for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));
grant select, update (display_name) on omni.users to authenticated;
grant select on omni.users to omni_system;

-- Orgs: the org row is its own tenant key.
alter table omni.orgs enable row level security;
alter table omni.orgs force row level security;
create policy orgs_member_select on omni.orgs for select to authenticated using (id in (select o from omni.member_org_ids() o));
create policy orgs_admin_update on omni.orgs for update to authenticated
  using (id in (select o from omni.admin_org_ids() o)) with check (id in (select o from omni.admin_org_ids() o));
create policy orgs_system_select on omni.orgs for select to omni_system using (id = (select omni.claim_org_id()));
grant select, update (name, updated_at) on omni.orgs to authenticated;
grant select on omni.orgs to omni_system;

-- Memberships: members see who is in their org (one's own rows first: that test is cheap and is all the
-- inlined membership subqueries of other tables' policies need); owners and admins manage them.
alter table omni.memberships enable row level security;
alter table omni.memberships force row level security;
create policy memberships_member_select on omni.memberships for select to authenticated
  using (user_id = (select auth.uid()) or org_id in (select o from omni.member_org_ids_unfenced() o));
create policy memberships_admin_insert on omni.memberships for insert to authenticated
  with check (org_id in (select o from omni.admin_org_ids_unfenced() o));
create policy memberships_admin_update on omni.memberships for update to authenticated
  using (org_id in (select o from omni.admin_org_ids_unfenced() o)) with check (org_id in (select o from omni.admin_org_ids_unfenced() o));
create policy memberships_admin_delete on omni.memberships for delete to authenticated
  using (org_id in (select o from omni.admin_org_ids_unfenced() o));
create policy memberships_system_select on omni.memberships for select to omni_system
  using (org_id = (select omni.claim_org_id()));
grant select, insert, update, delete on omni.memberships to authenticated;
grant select on omni.memberships to omni_system;

alter table omni.org_invitations enable row level security;
alter table omni.org_invitations force row level security;
create policy invitations_admin_all on omni.org_invitations for all to authenticated
  using (org_id in (select o from omni.admin_org_ids() o)) with check (org_id in (select o from omni.admin_org_ids() o));
grant select, insert, update, delete on omni.org_invitations to authenticated;
create index org_invitations_org_idx on omni.org_invitations (org_id);

-- Creating an org makes the caller its owner in one step (no membership exists yet to authorize it).
create or replace function omni.create_org(p_id uuid, p_name text) returns void
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
begin
  if uid is null then
    raise exception 'create_org needs a signed-in user' using errcode = '42501';
  end if;
  insert into omni.orgs (id, name, created_by) values (p_id, p_name, uid);
  insert into omni.memberships (org_id, user_id, role) values (p_id, uid, 'owner');
end
$$;
revoke all on function omni.create_org(uuid, text) from public;
grant execute on function omni.create_org(uuid, text) to authenticated;

-- A user seen for the first time is recorded. Invitations sent to its email become memberships only when
-- the API has seen proof that the email is the user's (a verified email claim): otherwise anyone who could
-- sign up with that address would take the invitation.
create or replace function omni.provision_current_user(p_email_verified boolean) returns void
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  mail text := lower(nullif(auth.jwt() ->> 'email', ''));
begin
  if uid is null then
    return;
  end if;
  insert into omni.users (id, email) values (uid, mail)
  on conflict (id) do update set email = coalesce(excluded.email, omni.users.email), last_seen_at = now();
  if mail is not null and p_email_verified then
    insert into omni.memberships (org_id, user_id, role)
    select i.org_id, uid, i.role from omni.org_invitations i where i.email = mail
    on conflict (org_id, user_id) do nothing;
    delete from omni.org_invitations where email = mail;
  end if;
end
$$;
revoke all on function omni.provision_current_user(boolean) from public;
grant execute on function omni.provision_current_user(boolean) to authenticated;

-- Adding a member by email needs to know whether that email already belongs to a user.
create or replace function omni.find_user_id_by_email(p_email text) returns uuid
language sql stable security definer set search_path = '' as $$
  select u.id from omni.users u where lower(u.email) = lower(p_email) order by u.created_at limit 1
$$;
revoke all on function omni.find_user_id_by_email(text) from public;
grant execute on function omni.find_user_id_by_email(text) to authenticated;

-- API keys: shown once, stored as a SHA-256 hash, scoped, revocable. Only owners and admins see them.
create table omni.api_keys (
  id            uuid primary key,
  org_id        uuid not null references omni.orgs (id) on delete cascade,
  name          text not null check (length(name) between 1 and 200),
  prefix        text not null,
  key_hash      bytea not null unique,
  scopes        text[] not null,
  created_by    uuid references omni.users (id),
  created_at    timestamptz not null default now(),
  last_used_at  timestamptz,
  expires_at    timestamptz,
  revoked_at    timestamptz
);
alter table omni.api_keys enable row level security;
alter table omni.api_keys force row level security;
create policy api_keys_admin_all on omni.api_keys for all to authenticated
  using (org_id in (select o from omni.admin_org_ids() o)) with check (org_id in (select o from omni.admin_org_ids() o));
create policy api_keys_system_select on omni.api_keys for select to omni_system
  using (org_id = (select omni.claim_org_id()));
create index api_keys_org_idx on omni.api_keys (org_id, created_at desc, id desc);
grant select, insert, update on omni.api_keys to authenticated;
grant select on omni.api_keys to omni_system;

-- Resolving a presented key happens before anyone knows its org, so it runs as definer; it returns
-- only live keys and records use at most once a minute.
create or replace function omni.resolve_api_key(p_hash bytea)
returns table (key_id uuid, org_id uuid, scopes text[])
language plpgsql security definer set search_path = '' as $$
begin
  return query
    update omni.api_keys k set last_used_at = now()
    where k.key_hash = p_hash and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())
      and (k.last_used_at is null or k.last_used_at < now() - interval '1 minute')
    returning k.id, k.org_id, k.scopes;
  if not found then
    return query
      select k.id, k.org_id, k.scopes from omni.api_keys k
      where k.key_hash = p_hash and k.revoked_at is null and (k.expires_at is null or k.expires_at > now());
  end if;
end
$$;
revoke all on function omni.resolve_api_key(bytea) from public;
grant execute on function omni.resolve_api_key(bytea) to omni_system;

-- Jobs and the outbox: one durable table. Workers claim with FOR UPDATE SKIP LOCKED under a lease.
create table omni.jobs (
  id            uuid primary key,
  org_id        uuid references omni.orgs (id) on delete cascade,
  type          text not null,
  payload       jsonb not null default '{}'::jsonb,
  status        text not null default 'pending' check (status in ('pending', 'running', 'succeeded', 'dead')),
  attempts      int not null default 0,
  max_attempts  int not null default 8 check (max_attempts > 0),
  run_at        timestamptz not null default now(),
  locked_by     text,
  locked_until  timestamptz,
  last_error    text,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  completed_at  timestamptz
);
create index jobs_pending_idx on omni.jobs (run_at) where status = 'pending';
create index jobs_running_idx on omni.jobs (locked_until) where status = 'running';
create index jobs_org_idx on omni.jobs (org_id, created_at desc, id desc);
create index jobs_succeeded_idx on omni.jobs (completed_at) where status = 'succeeded';

alter table omni.jobs enable row level security;
alter table omni.jobs force row level security;
create policy jobs_admin_select on omni.jobs for select to authenticated using (org_id in (select o from omni.admin_org_ids() o));
create policy jobs_admin_update on omni.jobs for update to authenticated
  using (org_id in (select o from omni.admin_org_ids() o)) with check (org_id in (select o from omni.admin_org_ids() o));
-- Work a user starts (a message to send, an event to forward) is enqueued in that user's transaction.
create policy jobs_writer_insert on omni.jobs for insert to authenticated with check (org_id in (select o from omni.writer_org_ids() o));
create policy jobs_system_all on omni.jobs for all to omni_system
  using (org_id = (select omni.claim_org_id())) with check (org_id = (select omni.claim_org_id()));
create policy jobs_worker_all on omni.jobs for all to omni_worker using (true) with check (true);
grant select, insert, update on omni.jobs to authenticated, omni_system;
grant select, insert, update, delete on omni.jobs to omni_worker;

-- Wake idle workers as soon as a job is committed.
create or replace function omni.notify_jobs() returns trigger language plpgsql as $$
begin
  perform pg_notify('omni_jobs', '');
  return null;
end
$$;
create trigger jobs_notify after insert on omni.jobs for each statement execute function omni.notify_jobs();

-- Idempotency keys: the first response to a key is kept and replayed to retries for a day.
create table omni.idempotency_keys (
  org_id        uuid not null references omni.orgs (id) on delete cascade,
  caller_id     text not null,
  key           text not null,
  request_hash  bytea not null,
  status_code   int,
  response_body text,
  location      text,
  created_at    timestamptz not null default now(),
  primary key (org_id, caller_id, key)
);
select omni.enable_tenant_rls('omni.idempotency_keys');
create index idempotency_keys_created_idx on omni.idempotency_keys (created_at);

-- Housekeeping the worker runs now and then: finished jobs and idempotency keys past their keep time.
create or replace function omni.purge_expired(p_jobs_older_than interval, p_keys_older_than interval) returns void
language sql security definer set search_path = '' as $$
  delete from omni.jobs where status = 'succeeded' and completed_at < now() - p_jobs_older_than;
  delete from omni.idempotency_keys where created_at < now() - p_keys_older_than;
$$;
revoke all on function omni.purge_expired(interval, interval) from public;
grant execute on function omni.purge_expired(interval, interval) to omni_worker;

-- Any member may leave an org; deleting one's own membership is not an admin's write, so it is a definer.
create or replace function omni.leave_org(p_org uuid) returns int
language sql security definer set search_path = '' as $$
  with gone as (delete from omni.memberships where org_id = p_org and user_id = auth.uid() returning 1)
  select count(*)::int from gone
$$;
revoke all on function omni.leave_org(uuid) from public;
grant execute on function omni.leave_org(uuid) to authenticated;
