-- Contacts: people an org talks to, with identifiers unique per org.

create schema if not exists contacts;
grant usage on schema contacts to authenticated, omni_system;

create table contacts.contacts (
  id             uuid primary key,
  org_id         uuid not null references omni.orgs (id) on delete cascade,
  name           text,
  email          text,
  phone          text,
  tags           text[] not null default '{}',
  custom_fields  jsonb not null default '{}'::jsonb,
  -- A copy of the contact's identifiers ([{id, type, value}], oldest first) kept by a trigger, so that
  -- lists read one table. contact_identifiers stays the source of truth (uniqueness, matching). json, not
  -- jsonb: it is only ever written whole and read out as text, which json stores as it is.
  identifier_list json not null default '[]'::json,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  constraint contacts_custom_fields_object check (jsonb_typeof(custom_fields) = 'object')
);
select omni.enable_tenant_rls('contacts.contacts');
-- Keyset pagination, newest first, per org.
create index contacts_org_created_idx on contacts.contacts (org_id, created_at desc, id desc);
create index contacts_tags_idx on contacts.contacts using gin (tags);
create index contacts_name_trgm_idx on contacts.contacts using gin (name extensions.gin_trgm_ops);

create table contacts.contact_identifiers (
  id          uuid primary key,
  org_id      uuid not null references omni.orgs (id) on delete cascade,
  contact_id  uuid not null references contacts.contacts (id) on delete cascade,
  type        text not null check (type in ('phone', 'email', 'whatsapp', 'telegram', 'instagram', 'signal', 'wechat', 'external')),
  value       text not null check (length(value) between 1 and 320),
  -- Phone-like identifiers match on their last 10 digits when the exact number differs in country code.
  last10      text generated always as (
                case when type in ('phone', 'whatsapp', 'signal') and length(regexp_replace(value, '\D', '', 'g')) >= 10
                     then right(regexp_replace(value, '\D', '', 'g'), 10) end) stored,
  created_at  timestamptz not null default now(),
  unique (org_id, type, value)
);
select omni.enable_tenant_rls('contacts.contact_identifiers');
create index contact_identifiers_contact_idx on contacts.contact_identifiers (contact_id);
create index contact_identifiers_last10_idx on contacts.contact_identifiers (org_id, last10) where last10 is not null;
create index contact_identifiers_value_trgm_idx on contacts.contact_identifiers using gin (value extensions.gin_trgm_ops);

-- Keeps contacts.identifier_list equal to the contact's rows in contact_identifiers. Statement-level with
-- transition tables, so bulk changes (a merge moving many identifiers) cost one update. Runs as the caller:
-- whoever may change a contact's identifiers may update that contact.
create or replace function contacts.refresh_identifier_lists() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    update contacts.contacts c set identifier_list = contacts.identifier_list_of(c.id)
    where c.id in (select n.contact_id from new_rows n);
  elsif tg_op = 'DELETE' then
    update contacts.contacts c set identifier_list = contacts.identifier_list_of(c.id)
    where c.id in (select o.contact_id from old_rows o);
  else
    update contacts.contacts c set identifier_list = contacts.identifier_list_of(c.id)
    where c.id in (select n.contact_id from new_rows n union select o.contact_id from old_rows o);
  end if;
  return null;
end
$$;

create or replace function contacts.identifier_list_of(p_contact uuid) returns json
language sql stable as $$
  select coalesce(json_agg(json_build_object('id', i.id, 'type', i.type, 'value', i.value) order by i.created_at, i.id), '[]'::json)
  from contacts.contact_identifiers i where i.contact_id = p_contact
$$;

create trigger contact_identifiers_refresh_insert after insert on contacts.contact_identifiers
  referencing new table as new_rows for each statement execute function contacts.refresh_identifier_lists();
create trigger contact_identifiers_refresh_update after update on contacts.contact_identifiers
  referencing old table as old_rows new table as new_rows for each statement execute function contacts.refresh_identifier_lists();
create trigger contact_identifiers_refresh_delete after delete on contacts.contact_identifiers
  referencing old table as old_rows for each statement execute function contacts.refresh_identifier_lists();
