-- Issue 13.6: every page session remembers the credential version it signed in with; a password
-- change, a password reset or a second-factor reset raises it, and a session carrying an older
-- version ends at its next request, on whichever node it lands.
alter table employee add column credential_version integer not null default 0;
