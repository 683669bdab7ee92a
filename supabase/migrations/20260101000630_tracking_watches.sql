-- Event names other modules watch (ITrackedEventWatch): a stored event of a known contact with one of these
-- names raises tracking.event_tracked. Everything else raises nothing, so intake stays one insert.
create table tracking.event_watches (
  org_id      uuid not null references omni.orgs (id) on delete cascade,
  name        text not null check (length(name) between 1 and 200),
  watcher     text not null check (length(watcher) between 1 and 50),
  created_at  timestamptz not null default now(),
  primary key (org_id, name, watcher)
);
select omni.enable_tenant_rls('tracking.event_watches');
drop index tracking.tracking_event_watches_org_rls_idx;
