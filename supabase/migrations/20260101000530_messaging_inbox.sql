-- The inbox's reads. A conversation row carries what the list shows without asking other modules: the
-- contact's name (kept by Messaging from Contacts' events; Messaging never reads Contacts' tables) and the
-- channel's type (fixed when the channel is created). A message row carries its attachments as json, kept
-- by a trigger, so a page of messages reads one index range of one table.

alter table messaging.conversations
  add column contact_name text,
  add column channel_type text;

alter table messaging.messages
  -- [{id, kind, mime_type, file_name, size_bytes, status, error, url}], oldest first, as the API shows it.
  -- json, not jsonb: only ever written whole and read out as text.
  add column attachment_list json not null default '[]'::json;

create or replace function messaging.attachment_list_of(p_message uuid) returns json
language sql stable as $$
  select coalesce(json_agg(json_build_object(
           'id', a.id, 'kind', a.kind, 'mime_type', a.mime_type, 'file_name', a.file_name, 'size_bytes', a.size_bytes,
           'status', a.status, 'error', a.error,
           'url', case a.status when 'stored' then '/api/v1/attachments/' || a.id || '/content' when 'linked' then a.source_ref end)
         order by a.created_at, a.id), '[]'::json)
  from messaging.attachments a where a.message_id = p_message
$$;

-- Statement-level with transition tables, like contacts.refresh_identifier_lists: a bulk change costs one
-- update. Runs as the caller: whoever may write a message's attachments may update that message.
create or replace function messaging.refresh_attachment_lists() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    update messaging.messages m set attachment_list = messaging.attachment_list_of(m.id)
    where m.id in (select n.message_id from new_rows n);
  elsif tg_op = 'DELETE' then
    update messaging.messages m set attachment_list = messaging.attachment_list_of(m.id)
    where m.id in (select o.message_id from old_rows o);
  else
    update messaging.messages m set attachment_list = messaging.attachment_list_of(m.id)
    where m.id in (select n.message_id from new_rows n union select o.message_id from old_rows o);
  end if;
  return null;
end
$$;

create trigger attachments_refresh_insert after insert on messaging.attachments
  referencing new table as new_rows for each statement execute function messaging.refresh_attachment_lists();
create trigger attachments_refresh_update after update on messaging.attachments
  referencing old table as old_rows new table as new_rows for each statement execute function messaging.refresh_attachment_lists();
create trigger attachments_refresh_delete after delete on messaging.attachments
  referencing old table as old_rows for each statement execute function messaging.refresh_attachment_lists();

-- Every inbox list orders by last activity, then id: the indexes end in the same two keys so a page is one
-- index range, including the keyset cursor's `(last_message_at, id) < (...)`. A conversation row is rewritten
-- on every message (its last_message_at is indexed, so never a HOT update) and each index costs on every
-- message: only indexes that RLS lets a query use are kept.
-- The inbox's views (everything not resolved; mine, nobody's, one channel's): most conversations of a busy
-- org end resolved, so these are partial. Resolved history goes through the full activity index.
create index conversations_org_unresolved_activity_idx on messaging.conversations (org_id, last_message_at desc nulls last, id desc)
  where status <> 'resolved';
drop index messaging.conversations_assignee_idx;
create index conversations_assignee_unresolved_activity_idx on messaging.conversations (org_id, assignee_id, last_message_at desc nulls last, id desc)
  where status <> 'resolved';
create index conversations_channel_unresolved_activity_idx on messaging.conversations (channel_id, last_message_at desc nulls last, id desc)
  where status <> 'resolved';
-- A contact's history on every channel, resolved included.
drop index messaging.conversations_contact_idx;
create index conversations_contact_activity_idx on messaging.conversations (contact_id, last_message_at desc nulls last, id desc);
-- Under RLS a filter can only be an index condition when its operator is leakproof (it runs before the
-- policy): uuid and text equality are, array containment and ILIKE are not. A GIN index on labels (or a
-- trigram index for text search) would never be used by the API's queries, so there is none.
drop index messaging.conversations_labels_idx;
