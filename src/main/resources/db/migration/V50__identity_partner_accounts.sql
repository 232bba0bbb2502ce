-- Issue 15.1 (R-ORG-3): accounts of partner organisations' people. Such an account holds the PARTNER
-- role only, belongs to no department and is bound to its organisation (the sharing module's
-- partner register, whose table comes in V51 with the foreign key).
alter table employee add column partner_id uuid;

-- A partner account never sits in a department: the department relation would give it a staff view.
alter table employee add constraint ck_employee_partner_no_department
    check (partner_id is null or department_id is null);

create index ix_employee_partner on employee (partner_id);
