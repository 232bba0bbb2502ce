-- Issue 15.1, 15.2 (R-ORG-3, R-USE-4): the partner register, its contacts, confidentiality
-- agreements (NDAs) of partners and of departments that need one, and partner users' acceptances.
-- Portable SQL; the scanned files are in V52 (binary types differ between H2 and PostgreSQL).

create table partner (
    id            uuid primary key,
    name_zh       varchar(200) not null,
    name_en       varchar(200) not null,
    type          varchar(32)  not null,
    country       varchar(2)   not null,
    risk_notes    varchar(2000),
    reassess_on   date         not null,
    manager_id    uuid references employee (id),
    active        boolean      not null,
    version       integer      not null default 0,
    created_by    uuid         not null references employee (id),
    created_at    timestamp with time zone not null,
    updated_at    timestamp with time zone not null,
    constraint ck_partner_type check (type in ('FREIGHT_FORWARDER', 'CUSTOMS_BROKER', 'BANK', 'OVERSEAS_AGENT',
        'SUPPLIER', 'OTHER'))
);

create index ix_partner_manager on partner (manager_id);

-- The company's contacts at the partner (people of the partner's organisation, not customers).
create table partner_contact (
    partner_id uuid         not null references partner (id),
    position   integer      not null,
    name       varchar(100) not null,
    phone      varchar(40),
    email      varchar(254),
    primary key (partner_id, position)
);

alter table employee add constraint fk_employee_partner foreign key (partner_id) references partner (id);

-- One signed agreement of a recipient (a partner or a department), in force from signed_on to
-- expires_on, both days inclusive in the company's time zone.
create table nda (
    id             uuid primary key,
    recipient_type varchar(16)  not null,
    recipient_id   uuid         not null,
    version        varchar(40)  not null,
    signatory      varchar(100) not null,
    signed_on      date         not null,
    expires_on     date         not null,
    file_name      varchar(200) not null,
    content_type   varchar(100) not null,
    file_size      bigint       not null,
    sha256         varchar(64)  not null,
    filed_by       uuid         not null references employee (id),
    filed_at       timestamp with time zone not null,
    constraint ck_nda_recipient_type check (recipient_type in ('DEPARTMENT', 'PARTNER')),
    constraint ck_nda_period check (expires_on >= signed_on),
    constraint uk_nda_version unique (recipient_type, recipient_id, version)
);

create index ix_nda_recipient on nda (recipient_type, recipient_id, signed_on);

-- A partner user's click-through acceptance of one NDA (a new version needs a new one).
create table nda_acceptance (
    nda_id      uuid not null references nda (id),
    employee_id uuid not null references employee (id),
    accepted_at timestamp with time zone not null,
    primary key (nda_id, employee_id)
);

-- Departments the company wants an NDA from before they receive another department's customers.
create table department_nda_requirement (
    department_id uuid    primary key references department (id),
    required      boolean not null,
    changed_by    uuid    not null references employee (id),
    changed_at    timestamp with time zone not null
);
