-- The classification catalog (R-COL-3): each field a customer record can hold, its level and kind.
CREATE TABLE field_definition (
    field_key   VARCHAR(40)  NOT NULL PRIMARY KEY,
    sensitivity INT          NOT NULL CHECK (sensitivity BETWEEN 1 AND 4),
    kind        VARCHAR(20)  NOT NULL,
    searchable  BOOLEAN      NOT NULL,
    label_zh    VARCHAR(100) NOT NULL,
    label_en    VARCHAR(100) NOT NULL,
    builtin     BOOLEAN      NOT NULL,
    position    INT          NOT NULL,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- Every change of a field's level, with the reason a lowering needs.
CREATE TABLE field_level_change (
    id          UUID         NOT NULL PRIMARY KEY,
    field_key   VARCHAR(40)  NOT NULL REFERENCES field_definition (field_key),
    from_level  INT          NOT NULL,
    to_level    INT          NOT NULL,
    reason      VARCHAR(500),
    changed_by  UUID         NOT NULL,
    changed_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE TABLE customer (
    id            UUID        NOT NULL PRIMARY KEY,
    owner_id      UUID        NOT NULL REFERENCES employee (id),
    department_id UUID        REFERENCES department (id),
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    created_by    UUID        NOT NULL,
    updated_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version       BIGINT      NOT NULL
);
CREATE INDEX customer_owner ON customer (owner_id);
CREATE INDEX customer_department ON customer (department_id);

-- One row per filled field. L1-L2: plain_value (and search_value, lower-cased, for prefix search
-- when the field is searchable). L3-L4: only ciphertext (AEAD bound to customer id and field) and,
-- when searchable, blind_index (keyed PRF of the normalized value). Never both kinds of column.
CREATE TABLE customer_value (
    customer_id  UUID          NOT NULL REFERENCES customer (id),
    field_key    VARCHAR(40)   NOT NULL REFERENCES field_definition (field_key),
    plain_value  VARCHAR(4000),
    search_value VARCHAR(200),
    ciphertext   VARCHAR(12000),
    blind_index  CHAR(32),
    PRIMARY KEY (customer_id, field_key),
    CONSTRAINT customer_value_one_form CHECK ((plain_value IS NULL) OR (ciphertext IS NULL AND blind_index IS NULL))
);
CREATE INDEX customer_value_prefix ON customer_value (field_key, search_value);
CREATE INDEX customer_value_blind ON customer_value (field_key, blind_index);

INSERT INTO field_definition (field_key, sensitivity, kind, searchable, label_zh, label_en, builtin, position, created_at, updated_at) VALUES
 ('companyName',      1, 'TEXT',           TRUE,  '公司名称',   'Company name',      TRUE, 10,  CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
 ('industry',         1, 'TEXT',           FALSE, '行业',       'Industry',          TRUE, 20,  CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
 ('city',             1, 'TEXT',           FALSE, '城市',       'City',              TRUE, 30,  CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
 ('country',          1, 'TEXT',           FALSE, '国家/地区',  'Country/region',    TRUE, 40,  CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
 ('contactName',      2, 'TEXT',           TRUE,  '联系人',     'Contact person',    TRUE, 50,  CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
 ('jobTitle',         2, 'TEXT',           FALSE, '职务',       'Job title',         TRUE, 60,  CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
 ('businessNeeds',    2, 'LONG_TEXT',      FALSE, '业务需求',   'Business needs',    TRUE, 70,  CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
 ('tags',             2, 'TEXT',           FALSE, '标签',       'Tags',              TRUE, 80,  CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
 ('phone',            3, 'PHONE',          TRUE,  '电话',       'Phone',             TRUE, 90,  CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
 ('email',            3, 'EMAIL',          TRUE,  '电子邮箱',   'E-mail',            TRUE, 100, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
 ('address',          3, 'LONG_TEXT',      FALSE, '地址',       'Address',           TRUE, 110, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
 ('transactionNotes', 3, 'LONG_TEXT',      FALSE, '交易记录',   'Transaction notes', TRUE, 120, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
 ('idNumber',         4, 'ID_NUMBER',      TRUE,  '身份证号',   'ID number',         TRUE, 130, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
 ('bankAccount',      4, 'ACCOUNT_NUMBER', FALSE, '银行账号',   'Bank account',      TRUE, 140, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
 ('financialInfo',    4, 'LONG_TEXT',      FALSE, '财务信息',   'Financial information', TRUE, 150, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
 ('pricingStrategy',  4, 'LONG_TEXT',      FALSE, '定价策略',   'Pricing strategy',  TRUE, 160, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
