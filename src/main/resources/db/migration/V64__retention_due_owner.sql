-- Issue 16: the due list keeps the owner and department each customer had at the sweep, so the list
-- is filtered and counted without reading the customer tables (only the customer module does).
ALTER TABLE retention_due ADD COLUMN owner_id UUID;
ALTER TABLE retention_due ADD COLUMN department_id UUID;
CREATE INDEX retention_due_department ON retention_due (department_id, due_on);
CREATE INDEX retention_due_owner ON retention_due (owner_id, due_on);
