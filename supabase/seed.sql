-- Demo data for local runs (`dotnet run --project src/Omni.Api -- seed`, or `supabase db reset`).
-- The demo user is the one `dev-token --email demo@example.com` signs in as. Safe to run twice.

insert into omni.users (id, email, display_name)
values ('9627310a-666c-5ae1-8f8b-5613544d63ed', 'demo@example.com', 'Demo Owner')
on conflict (id) do nothing;

insert into omni.orgs (id, name, created_by)
values ('0195f000-0000-7000-8000-00000000d001', 'Demo Store', '9627310a-666c-5ae1-8f8b-5613544d63ed')
on conflict (id) do nothing;

insert into omni.memberships (org_id, user_id, role)
values ('0195f000-0000-7000-8000-00000000d001', '9627310a-666c-5ae1-8f8b-5613544d63ed', 'owner')
on conflict (org_id, user_id) do nothing;

insert into contacts.contacts (id, org_id, name, email, phone, tags, custom_fields) values
  ('0195f000-0000-7000-8000-00000000c001', '0195f000-0000-7000-8000-00000000d001', 'Maria Silva', 'maria@example.com', '+5511987654321', '{vip}', '{"company": "Acme"}'),
  ('0195f000-0000-7000-8000-00000000c002', '0195f000-0000-7000-8000-00000000d001', 'John Doe', 'john@example.com', '+12025550143', '{}', '{}'),
  ('0195f000-0000-7000-8000-00000000c003', '0195f000-0000-7000-8000-00000000d001', 'Jane Roe', null, null, '{lead}', '{"source": "instagram"}')
on conflict (id) do nothing;

insert into contacts.contact_identifiers (id, org_id, contact_id, type, value) values
  ('0195f000-0000-7000-8000-00000000e001', '0195f000-0000-7000-8000-00000000d001', '0195f000-0000-7000-8000-00000000c001', 'email', 'maria@example.com'),
  ('0195f000-0000-7000-8000-00000000e002', '0195f000-0000-7000-8000-00000000d001', '0195f000-0000-7000-8000-00000000c001', 'phone', '+5511987654321'),
  ('0195f000-0000-7000-8000-00000000e003', '0195f000-0000-7000-8000-00000000d001', '0195f000-0000-7000-8000-00000000c002', 'email', 'john@example.com'),
  ('0195f000-0000-7000-8000-00000000e004', '0195f000-0000-7000-8000-00000000d001', '0195f000-0000-7000-8000-00000000c002', 'phone', '+12025550143'),
  ('0195f000-0000-7000-8000-00000000e005', '0195f000-0000-7000-8000-00000000d001', '0195f000-0000-7000-8000-00000000c003', 'instagram', '@jane.roe')
on conflict (id) do nothing;
