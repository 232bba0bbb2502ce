-- Issue 14.12: the reason an administrator gave for a destructive action on an account (password
-- reset, second-factor reset, status change, role removal). Audit events carry only ids and codes,
-- so the event names this row (reasonId) and the text stays here, readable by the auditors.
create table employee_admin_reason (
    id          uuid primary key,
    employee_id uuid         not null references employee (id),
    action      varchar(80)  not null,
    reason      varchar(500) not null,
    recorded_by uuid         not null,
    recorded_at timestamp with time zone not null
);

create index ix_employee_admin_reason_employee on employee_admin_reason (employee_id);
