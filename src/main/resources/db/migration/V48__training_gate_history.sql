-- Issue 14.4: the training gate as it stood at an instant, for explanations of past decisions.
-- A removed assignment is kept with the time it ended instead of being deleted (one removed before
-- this version is gone; the explanation then says the answer could not be fully replayed), and a
-- course remembers when it was retired (a retired course is never edited again, so its last update
-- is its retirement).
alter table training_assignment add column removed_at timestamp(6) with time zone;
alter table training_course add column retired_at timestamp(6) with time zone;
update training_course set retired_at = updated_at where state = 'RETIRED';
