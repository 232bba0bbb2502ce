-- Issue 14.4: which department a person belonged to when, so an explanation of a past decision
-- judges it with the department of that time. One row per move, written in the transaction of the
-- move. Moves are kept from this version on: department_history_since says, per person, since when
-- every move of theirs is here (everyone now, a new person from their creation). Before that the
-- audit log knows only that the department changed, not from which one.
create table employee_department_change (
    id                 uuid not null primary key,
    employee_id        uuid not null references employee (id),
    from_department_id uuid,
    to_department_id   uuid,
    changed_at         timestamp(6) with time zone not null
);
create index employee_department_change_employee on employee_department_change (employee_id, changed_at);

alter table employee add column department_history_since timestamp(6) with time zone;
update employee set department_history_since = current_timestamp;
