-- Projects: projects with members and board columns, tasks ordered by a rank string within their column,
-- checklists, comments, links to contacts, leads and conversations, and a short activity trail.
-- docs/adr/0018-projects-and-tasks.md explains the rank ordering and its rebalancing.

create schema if not exists projects;
grant usage on schema projects to authenticated, omni_system;

create table projects.projects (
  id           uuid primary key,
  org_id       uuid not null references omni.orgs (id) on delete cascade,
  name         text not null check (length(name) between 1 and 200),
  description  text check (length(description) <= 10000),
  status       text not null default 'active' check (status in ('active', 'on_hold', 'completed', 'archived')),
  start_date   date,
  end_date     date,
  owner_id     uuid not null,
  created_by   uuid,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  constraint projects_dates_in_order check (end_date is null or start_date is null or end_date >= start_date)
);
select omni.enable_tenant_rls('projects.projects');
-- Keyset pagination, newest first, per org (the policy's plain org_id index is then redundant).
create index projects_org_created_idx on projects.projects (org_id, created_at desc, id desc);
drop index projects.projects_projects_org_rls_idx;

-- Who works on a project (each an org member; the owner is one).
create table projects.project_members (
  org_id      uuid not null references omni.orgs (id) on delete cascade,
  project_id  uuid not null references projects.projects (id) on delete cascade,
  user_id     uuid not null,
  added_at    timestamptz not null default now(),
  primary key (project_id, user_id)
);
select omni.enable_tenant_rls('projects.project_members');
create index project_members_user_idx on projects.project_members (org_id, user_id);
drop index projects.projects_project_members_org_rls_idx;

-- A project's board columns, left to right by position; tasks in an is_done column count as completed.
create table projects.columns (
  id          uuid primary key,
  org_id      uuid not null references omni.orgs (id) on delete cascade,
  project_id  uuid not null references projects.projects (id) on delete cascade,
  name        text not null check (length(name) between 1 and 100),
  position    int not null,
  is_done     boolean not null default false,
  created_at  timestamptz not null default now()
);
select omni.enable_tenant_rls('projects.columns');
create index columns_project_idx on projects.columns (org_id, project_id, position);
drop index projects.projects_columns_org_rls_idx;

-- A task sits in one column of its project at a rank: a base-62 fractional key, compared byte by byte
-- (collation "C"), so a move rewrites only the moved row. (column_id, rank) is unique; the check is at
-- the end of each statement (deferrable), so a rebalance can rewrite many ranks in one statement.
create table projects.tasks (
  id            uuid primary key,
  org_id        uuid not null references omni.orgs (id) on delete cascade,
  project_id    uuid not null references projects.projects (id) on delete cascade,
  column_id     uuid not null references projects.columns (id),
  rank          text collate "C" not null check (rank ~ '^[A-Za-z][0-9A-Za-z]*$' and length(rank) <= 128),
  title         text not null check (length(title) between 1 and 500),
  description   text check (length(description) <= 20000),
  priority      text not null default 'medium' check (priority in ('low', 'medium', 'high', 'urgent')),
  assignee_id   uuid,
  due_date      date,
  -- the due date as lists sort it: tasks without one after all others (a plain column, so keyset
  -- comparisons on it are index conditions under RLS)
  due_key       date generated always as (coalesce(due_date, 'infinity'::date)) stored,
  labels        text[] not null default '{}',
  completed_at  timestamptz,
  created_by    uuid,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  constraint tasks_column_rank_key unique (org_id, column_id, rank) deferrable initially immediate
);
select omni.enable_tenant_rls('projects.tasks');
drop index projects.projects_tasks_org_rls_idx;
create index tasks_org_created_idx on projects.tasks (org_id, created_at desc, id desc);
create index tasks_project_created_idx on projects.tasks (org_id, project_id, created_at desc, id desc);
-- The views: mine (by assignee) and overdue / due soon (by due date), open tasks only.
create index tasks_open_assignee_due_idx on projects.tasks (org_id, assignee_id, due_key, id) where completed_at is null;
create index tasks_open_due_idx on projects.tasks (org_id, due_key, id) where completed_at is null;

create table projects.checklist_items (
  id          uuid primary key,
  org_id      uuid not null references omni.orgs (id) on delete cascade,
  task_id     uuid not null references projects.tasks (id) on delete cascade,
  text        text not null check (length(text) between 1 and 500),
  is_done     boolean not null default false,
  position    int not null,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);
select omni.enable_tenant_rls('projects.checklist_items');
create index checklist_items_task_idx on projects.checklist_items (org_id, task_id, position);
drop index projects.projects_checklist_items_org_rls_idx;

create table projects.comments (
  id          uuid primary key,
  org_id      uuid not null references omni.orgs (id) on delete cascade,
  task_id     uuid not null references projects.tasks (id) on delete cascade,
  author_id   uuid,
  body        text not null check (length(body) between 1 and 10000),
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  edited_at   timestamptz
);
select omni.enable_tenant_rls('projects.comments');
create index comments_task_idx on projects.comments (org_id, task_id, created_at, id);
drop index projects.projects_comments_org_rls_idx;

-- What a task is about, in other modules: a contact, a lead or a conversation (checked through their
-- contracts when linked; a deleted contact's links go with it).
create table projects.task_links (
  id          uuid primary key,
  org_id      uuid not null references omni.orgs (id) on delete cascade,
  task_id     uuid not null references projects.tasks (id) on delete cascade,
  kind        text not null check (kind in ('contact', 'lead', 'conversation')),
  target_id   uuid not null,
  created_at  timestamptz not null default now(),
  unique (task_id, kind, target_id)
);
select omni.enable_tenant_rls('projects.task_links');
create index task_links_target_idx on projects.task_links (org_id, kind, target_id);
create index task_links_task_idx on projects.task_links (org_id, task_id);
drop index projects.projects_task_links_org_rls_idx;

-- What happened to a task (created, moved, assigned, completed, edited), newest last.
create table projects.task_activity (
  id          uuid primary key,
  org_id      uuid not null references omni.orgs (id) on delete cascade,
  task_id     uuid not null references projects.tasks (id) on delete cascade,
  actor_id    uuid,
  kind        text not null,
  data        jsonb not null default '{}'::jsonb,
  created_at  timestamptz not null default now()
);
select omni.enable_tenant_rls('projects.task_activity');
create index task_activity_task_idx on projects.task_activity (org_id, task_id, created_at, id);
drop index projects.projects_task_activity_org_rls_idx;
