-- Issue 13.4: a quiz cannot be passed by trial and error.
-- Each attempt carries its number for the person and course (1, 2, 3...), unique, so that two
-- parallel requests cannot both start "the third attempt of the day": the loser fails on the key.
-- An attempt submitted faster than its questions can plausibly be read is marked too_fast; such a
-- pass does not count (its valid_until stays empty) and the reports list it.
ALTER TABLE training_attempt ADD COLUMN number INT;
UPDATE training_attempt t SET number = (
    SELECT COUNT(*) FROM training_attempt o
    WHERE o.employee_id = t.employee_id AND o.course_id = t.course_id
      AND (o.started_at < t.started_at OR (o.started_at = t.started_at AND o.id <= t.id)));
ALTER TABLE training_attempt ALTER COLUMN number SET NOT NULL;
ALTER TABLE training_attempt ADD CONSTRAINT training_attempt_number UNIQUE (employee_id, course_id, number);
ALTER TABLE training_attempt ADD COLUMN too_fast BOOLEAN DEFAULT FALSE NOT NULL;
