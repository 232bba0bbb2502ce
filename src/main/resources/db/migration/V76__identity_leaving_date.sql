-- Issue 18 (R-EMP-5): an employee on notice has a leaving date. Access ends at 00:00 (company
-- time) that day, whatever state the handover is in; null for anyone not on notice.
ALTER TABLE employee ADD COLUMN leaves_on DATE;
CREATE INDEX employee_leaves_on ON employee (status, leaves_on);
