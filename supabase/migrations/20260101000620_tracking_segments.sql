-- Segments, scores and analytics read tracking.events by org, event name and time and need only the
-- contact (segments) or the actor (funnels): a covering index lets them read the index alone, without
-- touching the heap rows of a million events.
create index if not exists events_org_name_contact_idx on tracking.events (org_id, name, occurred_at) include (contact_id, anonymous_id);

-- A contact's events in time order (journeys and timelines).
create index if not exists events_org_contact_time_idx on tracking.events (org_id, contact_id, occurred_at) where contact_id is not null;

-- A segment's members in the order its member list pages them.
create index if not exists segment_members_page_idx on tracking.segment_members (segment_id, entered_at desc, contact_id desc);

-- A contact's score by contact and the ranked list by score.
create index if not exists contact_scores_rank_idx on tracking.contact_scores (org_id, score desc, contact_id desc);
