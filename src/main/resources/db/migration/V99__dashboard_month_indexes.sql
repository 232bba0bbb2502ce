-- Issue 22.3: the dashboards count rows per month over a year; these let the database read only
-- that year through an index instead of the whole table (the audit log has its own on at).
CREATE INDEX ix_monitoring_alert_raised ON monitoring_alert (raised_at);
CREATE INDEX casework_case_received ON casework_case (received_at);
CREATE INDEX incident_incident_opened ON incident_incident (opened_at);
CREATE INDEX training_attempt_submitted ON training_attempt (submitted_at);
CREATE INDEX break_glass_requested ON break_glass (requested_at);
