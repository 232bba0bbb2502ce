-- Export packages (issue 15.5, R-USE-4, R-USE-5): an export of more customers than the approval
-- threshold, or one under a sharing grant, is requested and approved before any file exists. The
-- customers are fixed when it is requested (export_package_customer, in order); the fields and
-- filter names are comma-separated codes. Free text (justification, refusal reason) stays here and
-- never goes into the audit log. People are named by id without a foreign key: a package's
-- requester may be a partner's user as well as an employee.
CREATE TABLE export_package (
    id                     UUID          NOT NULL PRIMARY KEY,
    requester_id           UUID          NOT NULL,
    department_id          UUID,
    approving_department_id UUID,
    grant_id               UUID,
    purpose                VARCHAR(40)   NOT NULL,
    fields                 VARCHAR(2000) NOT NULL,
    filters                VARCHAR(200)  NOT NULL,
    justification          VARCHAR(2000) NOT NULL,
    customer_count         INT           NOT NULL,
    state                  VARCHAR(16)   NOT NULL,
    requested_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    decided_at             TIMESTAMP(6) WITH TIME ZONE,
    decided_by             UUID,
    decision_reason        VARCHAR(500)
);
CREATE INDEX export_package_requester ON export_package (requester_id, requested_at);
CREATE INDEX export_package_state ON export_package (state, approving_department_id);
CREATE INDEX export_package_grant ON export_package (grant_id);

CREATE TABLE export_package_customer (
    package_id  UUID NOT NULL REFERENCES export_package (id),
    position    INT  NOT NULL,
    customer_id UUID NOT NULL,
    PRIMARY KEY (package_id, position)
);

-- Each download is a file of its own: its own password (never stored; shown once, the time it was
-- shown is kept) and its own watermark code, which the file carries in its document properties and
-- in a hidden column, so a copy found elsewhere names the download.
CREATE TABLE export_download (
    id                UUID         NOT NULL PRIMARY KEY,
    package_id        UUID         NOT NULL REFERENCES export_package (id),
    code              VARCHAR(40)  NOT NULL UNIQUE,
    downloaded_by     UUID         NOT NULL,
    downloaded_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    row_count         INT          NOT NULL,
    revealed          INT          NOT NULL,
    password_shown_at TIMESTAMP(6) WITH TIME ZONE
);
CREATE INDEX export_download_package ON export_download (package_id, downloaded_by, downloaded_at);

-- When the grant a package was downloaded under ends, each person who downloaded it confirms that
-- their copies are destroyed; a request not confirmed by its due time is marked lapsed by the sweep.
CREATE TABLE export_destruction (
    id           UUID NOT NULL PRIMARY KEY,
    package_id   UUID NOT NULL REFERENCES export_package (id),
    grant_id     UUID NOT NULL,
    employee_id  UUID NOT NULL,
    asked_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    due_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    confirmed_at TIMESTAMP(6) WITH TIME ZONE,
    lapsed_at    TIMESTAMP(6) WITH TIME ZONE,
    UNIQUE (package_id, employee_id)
);
CREATE INDEX export_destruction_open ON export_destruction (confirmed_at, lapsed_at, due_at);
