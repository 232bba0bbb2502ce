-- Issue 13.2 (R-ORG-2, 三员分立): the system administrator, security administrator and auditor can
-- never reach customer content, neither by a role nor by belonging to a department that handles
-- customer data; a role that reaches customer content is granted only once a second person approves.

-- Departments whose members work with customer data (sales, administration, management...). A
-- person holding SYSTEM_ADMIN, SECURITY_ADMIN or AUDITOR cannot be a member of one.
alter table department add column handles_customer_data boolean not null default false;

-- Existing departments: those where someone holds a role that reaches customer content.
update department set handles_customer_data = true
where id in (select e.department_id from employee e join employee_role r on r.employee_id = e.id
             where e.department_id is not null and e.status <> 'DEPARTED'
               and r.role in ('EMPLOYEE', 'DEPT_HEAD', 'ADMIN_OFFICER', 'MANAGEMENT'));

-- A request to give roles that reach customer content (and, for a move, the department they are
-- held in). Until it is approved, the roles are not in employee_role, so no access decision sees them.
create table role_grant (
    id            uuid primary key,
    employee_id   uuid         not null references employee (id),
    department_id uuid references department (id),
    roles         varchar(200) not null,
    status        varchar(16)  not null,
    requested_by  uuid         not null references employee (id),
    requested_at  timestamp with time zone not null,
    decided_by    uuid references employee (id),
    decided_at    timestamp with time zone,
    note          varchar(500),
    constraint ck_role_grant_status check (status in ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED'))
);

create index ix_role_grant_pending on role_grant (status, employee_id);
