-- Purposes of processing and the fields each needs (R-COL-2): the necessity rule and, later, the
-- access decision's list. Data, so the company can adjust it.
CREATE TABLE purpose (
    code        VARCHAR(40)  NOT NULL PRIMARY KEY,
    label_zh    VARCHAR(100) NOT NULL,
    label_en    VARCHAR(100) NOT NULL,
    position    INT          NOT NULL
);

CREATE TABLE purpose_field (
    purpose   VARCHAR(40) NOT NULL REFERENCES purpose (code),
    field_key VARCHAR(40) NOT NULL,
    PRIMARY KEY (purpose, field_key)
);

-- Versioned privacy notices (R-COL-1): drafted, submitted, approved by management, published.
-- A published version never changes and stays readable.
CREATE TABLE privacy_notice (
    version       INT           NOT NULL PRIMARY KEY,
    status        VARCHAR(16)   NOT NULL,
    title_zh      VARCHAR(200)  NOT NULL,
    title_en      VARCHAR(200)  NOT NULL,
    body_zh       VARCHAR(20000) NOT NULL,
    body_en       VARCHAR(20000) NOT NULL,
    drafted_by    UUID,
    drafted_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    submitted_at  TIMESTAMP(6) WITH TIME ZONE,
    decided_by    UUID,
    decided_at    TIMESTAMP(6) WITH TIME ZONE,
    published_at  TIMESTAMP(6) WITH TIME ZONE
);

-- The purposes and data categories (field keys) a notice version covers.
CREATE TABLE privacy_notice_purpose (
    version INT         NOT NULL REFERENCES privacy_notice (version),
    purpose VARCHAR(40) NOT NULL REFERENCES purpose (code),
    PRIMARY KEY (version, purpose)
);

CREATE TABLE privacy_notice_category (
    version   INT         NOT NULL REFERENCES privacy_notice (version),
    field_key VARCHAR(40) NOT NULL,
    PRIMARY KEY (version, field_key)
);

-- Every grant and withdrawal, in order; the customer's current consent is the last state.
CREATE TABLE consent_record (
    id                  UUID        NOT NULL PRIMARY KEY,
    customer_id         UUID        NOT NULL REFERENCES customer (id),
    kind                VARCHAR(16) NOT NULL,
    notice_version      INT         NOT NULL REFERENCES privacy_notice (version),
    purposes            VARCHAR(500) NOT NULL,
    sensitive_consent   BOOLEAN     NOT NULL,
    third_party_consent BOOLEAN     NOT NULL,
    channel             VARCHAR(16) NOT NULL,
    recorded_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    recorded_by         VARCHAR(128) NOT NULL,
    evidence_sha256     CHAR(64)
);
CREATE INDEX consent_record_customer ON consent_record (customer_id, recorded_at);

CREATE TABLE consent_state (
    customer_id         UUID        NOT NULL PRIMARY KEY REFERENCES customer (id),
    notice_version      INT         NOT NULL REFERENCES privacy_notice (version),
    purposes            VARCHAR(500) NOT NULL,
    sensitive_consent   BOOLEAN     NOT NULL,
    third_party_consent BOOLEAN     NOT NULL,
    updated_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

INSERT INTO purpose (code, label_zh, label_en, position) VALUES
 ('SALES_FOLLOW_UP',    '销售跟进',   'Sales follow-up',     10),
 ('CONTRACT',           '签订合同',   'Contract',            20),
 ('DELIVERY',           '发货交付',   'Delivery',            30),
 ('PAYMENT',            '收付款',     'Payment',             40),
 ('CUSTOMS',            '报关',       'Customs',             50),
 ('AFTER_SALES',        '售后服务',   'After-sales service', 60),
 ('COMPLAINT_HANDLING', '投诉处理',   'Complaint handling',  70),
 ('INSPECTION',         '合规检查',   'Inspection',          80),
 ('LEGAL_OBLIGATION',   '法定义务',   'Legal obligation',    90),
 ('MARKETING',          '市场营销',   'Marketing',           100);

INSERT INTO purpose_field (purpose, field_key) VALUES
 ('SALES_FOLLOW_UP', 'companyName'), ('SALES_FOLLOW_UP', 'industry'), ('SALES_FOLLOW_UP', 'city'),
 ('SALES_FOLLOW_UP', 'country'), ('SALES_FOLLOW_UP', 'contactName'), ('SALES_FOLLOW_UP', 'jobTitle'),
 ('SALES_FOLLOW_UP', 'businessNeeds'), ('SALES_FOLLOW_UP', 'tags'), ('SALES_FOLLOW_UP', 'phone'),
 ('SALES_FOLLOW_UP', 'email'),
 ('CONTRACT', 'companyName'), ('CONTRACT', 'city'), ('CONTRACT', 'country'), ('CONTRACT', 'contactName'),
 ('CONTRACT', 'jobTitle'), ('CONTRACT', 'phone'), ('CONTRACT', 'email'), ('CONTRACT', 'address'),
 ('CONTRACT', 'transactionNotes'), ('CONTRACT', 'idNumber'), ('CONTRACT', 'bankAccount'),
 ('CONTRACT', 'pricingStrategy'),
 ('DELIVERY', 'companyName'), ('DELIVERY', 'city'), ('DELIVERY', 'country'), ('DELIVERY', 'contactName'),
 ('DELIVERY', 'phone'), ('DELIVERY', 'address'),
 ('PAYMENT', 'companyName'), ('PAYMENT', 'contactName'), ('PAYMENT', 'phone'), ('PAYMENT', 'email'),
 ('PAYMENT', 'bankAccount'), ('PAYMENT', 'financialInfo'),
 ('CUSTOMS', 'companyName'), ('CUSTOMS', 'country'), ('CUSTOMS', 'contactName'), ('CUSTOMS', 'address'),
 ('CUSTOMS', 'idNumber'),
 ('AFTER_SALES', 'companyName'), ('AFTER_SALES', 'contactName'), ('AFTER_SALES', 'phone'),
 ('AFTER_SALES', 'email'), ('AFTER_SALES', 'address'), ('AFTER_SALES', 'transactionNotes'),
 ('COMPLAINT_HANDLING', 'companyName'), ('COMPLAINT_HANDLING', 'contactName'), ('COMPLAINT_HANDLING', 'phone'),
 ('COMPLAINT_HANDLING', 'email'), ('COMPLAINT_HANDLING', 'transactionNotes'),
 ('INSPECTION', 'companyName'), ('INSPECTION', 'contactName'), ('INSPECTION', 'phone'), ('INSPECTION', 'email'),
 ('INSPECTION', 'address'), ('INSPECTION', 'transactionNotes'),
 ('LEGAL_OBLIGATION', 'companyName'), ('LEGAL_OBLIGATION', 'contactName'), ('LEGAL_OBLIGATION', 'address'),
 ('LEGAL_OBLIGATION', 'idNumber'), ('LEGAL_OBLIGATION', 'transactionNotes'), ('LEGAL_OBLIGATION', 'financialInfo'),
 ('MARKETING', 'companyName'), ('MARKETING', 'industry'), ('MARKETING', 'city'), ('MARKETING', 'country'),
 ('MARKETING', 'contactName'), ('MARKETING', 'jobTitle'), ('MARKETING', 'businessNeeds'), ('MARKETING', 'tags'),
 ('MARKETING', 'email');
