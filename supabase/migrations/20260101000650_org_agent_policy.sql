-- Whether agents may change only the leads and tasks assigned to them (owners and admins always may).
alter table omni.orgs add column agents_edit_assigned_only boolean not null default false;
grant update (agents_edit_assigned_only) on omni.orgs to authenticated;
