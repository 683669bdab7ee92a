-- Forwarding to Meta's Conversions API through the outbox (tracking.capi_deliveries).

-- A conversion another module reports (a lead won) has no tracked event: what to send is kept in the
-- delivery itself, as the server event's JSON with user data already hashed. error_code is the stable
-- reason a delivery failed (invalid_token, too_old, graph_100...), last_error the text behind it.
alter table tracking.capi_deliveries
  add column payload    jsonb,
  add column error_code text,
  add constraint capi_deliveries_has_content check (event_row_id is not null or payload is not null);

-- One delivery per event and pixel: a retried intake or a conversion reported twice queues nothing new
-- (Meta deduplicates the same event_name + event_id anyway).
create unique index capi_deliveries_dedup_idx on tracking.capi_deliveries (source_id, event_name, event_id);
drop index if exists tracking.capi_deliveries_event_idx;
create index capi_deliveries_event_row_idx on tracking.capi_deliveries (event_row_id) where event_row_id is not null;
create index capi_deliveries_org_event_idx on tracking.capi_deliveries (org_id, event_id);
