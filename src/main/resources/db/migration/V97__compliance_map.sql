-- The compliance map (issue 22): which controls serve which clause of a policy version, and the
-- thresholds the security administrators tuned. A version's map changes only while the version is
-- editable; once it is submitted, the map is approved or sent back with it.
create table compliance_map_version (
    version_id  uuid primary key,
    document_id uuid not null,
    number      integer not null,
    origin     varchar(16) not null,
    edited_by  uuid references employee (id),
    edited_at  timestamp with time zone not null,
    constraint ck_compliance_map_origin check (origin in ('DEFAULT', 'COPIED', 'EDITED'))
);

create index ix_compliance_map_document on compliance_map_version (document_id, number);

create table compliance_map_entry (
    version_id uuid        not null references compliance_map_version (version_id),
    clause_key varchar(20) not null,
    -- The clause's chapter heading when mapped: a later version's map is copied only where the
    -- clause still sits under the same heading.
    heading_zh varchar(200) not null,
    control    varchar(40) not null,
    primary key (version_id, clause_key, control)
);

-- Only tuned thresholds are stored; the defaults live in the code with each indicator.
create table compliance_threshold (
    indicator  varchar(40) primary key,
    amber      bigint      not null,
    red        bigint      not null,
    changed_by uuid        not null references employee (id),
    changed_at timestamp with time zone not null
);

-- The company's readings as they stood each day, so that a board report for a closed quarter shows the
-- evidence at the quarter's end rather than today's. One row per day and indicator; written once.
create table compliance_snapshot (
    taken_on   date        not null,
    indicator  varchar(40) not null,
    figure     bigint,
    evidence_at timestamp with time zone,
    status     varchar(16) not null,
    amber      bigint,
    red        bigint,
    tuned      boolean     not null,
    taken_at   timestamp with time zone not null,
    primary key (taken_on, indicator)
);
