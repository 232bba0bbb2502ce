-- The time zone a person chose for pages (a zone id such as Europe/Berlin); null: the company's zone.
ALTER TABLE employee ADD COLUMN time_zone VARCHAR(64);
