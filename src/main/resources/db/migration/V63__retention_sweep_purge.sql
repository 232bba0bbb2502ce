-- Issue 16: how many anonymized fact records a sweep deleted because their legal minimum ended, and
-- when (and by whom) a customer was told the outcome of their deletion request.
ALTER TABLE retention_sweep ADD COLUMN facts_purged INT;
ALTER TABLE deletion_request ADD COLUMN outcome VARCHAR(24);
ALTER TABLE deletion_request ADD COLUMN told_by UUID;
ALTER TABLE deletion_request ADD COLUMN told_at TIMESTAMP(6) WITH TIME ZONE;
