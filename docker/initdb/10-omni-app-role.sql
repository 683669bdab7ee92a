-- The API's own login role: not a superuser, holds no table rights itself; the API's migrations grant it
-- the request roles (anon, authenticated, omni_system, omni_worker) it switches to per request.
create role omni_app login noinherit password 'omni_app';
