-- Issue 13.3: an access-policy version takes effect only once a second person (management or the
-- administration officer, never its author) approves it. A version is a DRAFT until then; it
-- becomes PUBLISHED (in force from decided_at), REJECTED, or WITHDRAWN when its author proposes
-- another one before a decision. Versions written before approval existed were in force from
-- their creation.
ALTER TABLE access_policy ADD COLUMN status VARCHAR(16) DEFAULT 'PUBLISHED' NOT NULL;
ALTER TABLE access_policy ADD COLUMN created_by_id UUID;
ALTER TABLE access_policy ADD COLUMN decided_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE access_policy ADD COLUMN decided_by VARCHAR(128);
ALTER TABLE access_policy ADD COLUMN decided_by_id UUID;
ALTER TABLE access_policy ADD COLUMN decision_reason VARCHAR(500);
UPDATE access_policy SET decided_at = created_at, decided_by = created_by;
CREATE INDEX access_policy_status ON access_policy (status, version);
