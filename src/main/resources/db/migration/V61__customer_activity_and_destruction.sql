-- Issue 16 (R-DEL-1, R-DEL-2): the two business dates retention rules count from, set by staff or an
-- import and shown on the customer page, and the moment a customer was destroyed. A destroyed
-- customer keeps this row only (ids and times, no personal data) so the audit log's references stay
-- meaningful; every read path treats it exactly like a customer that never existed.
ALTER TABLE customer ADD COLUMN last_contact_on DATE;
ALTER TABLE customer ADD COLUMN last_transaction_on DATE;
ALTER TABLE customer ADD COLUMN destroyed_at TIMESTAMP(6) WITH TIME ZONE;
CREATE INDEX customer_destroyed ON customer (destroyed_at);
