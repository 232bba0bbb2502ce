-- Issue 19.4 (R-CUS-2): the working-day calendar case deadlines are counted on. Only the days that
-- differ from a Monday-to-Friday week are stored: public holidays (working = false; a weekend day of
-- a holiday range is harmless, the notice lists ranges) and make-up working days on a weekend
-- (working = true, 调休). The administration department enters each year's State Council notice.
CREATE TABLE working_calendar_day (
    -- Not "day": DAY is a keyword of H2.
    calendar_day DATE         NOT NULL PRIMARY KEY,
    working     BOOLEAN       NOT NULL,
    name_zh     VARCHAR(60)   NOT NULL,
    name_en     VARCHAR(60)   NOT NULL,
    updated_by  UUID          REFERENCES employee (id),
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- 2026, from the General Office of the State Council's notice on the 2026 public holidays
-- (国务院办公厅关于2026年部分节假日安排的通知).
INSERT INTO working_calendar_day (calendar_day, working, name_zh, name_en, updated_at) VALUES
    (DATE '2026-01-01', FALSE, '元旦', 'New Year''s Day', CURRENT_TIMESTAMP),
    (DATE '2026-01-02', FALSE, '元旦', 'New Year''s Day', CURRENT_TIMESTAMP),
    (DATE '2026-01-03', FALSE, '元旦', 'New Year''s Day', CURRENT_TIMESTAMP),
    (DATE '2026-01-04', TRUE, '元旦调休上班', 'New Year''s Day make-up working day', CURRENT_TIMESTAMP),
    (DATE '2026-02-14', TRUE, '春节调休上班', 'Spring Festival make-up working day', CURRENT_TIMESTAMP),
    (DATE '2026-02-15', FALSE, '春节', 'Spring Festival', CURRENT_TIMESTAMP),
    (DATE '2026-02-16', FALSE, '春节', 'Spring Festival', CURRENT_TIMESTAMP),
    (DATE '2026-02-17', FALSE, '春节', 'Spring Festival', CURRENT_TIMESTAMP),
    (DATE '2026-02-18', FALSE, '春节', 'Spring Festival', CURRENT_TIMESTAMP),
    (DATE '2026-02-19', FALSE, '春节', 'Spring Festival', CURRENT_TIMESTAMP),
    (DATE '2026-02-20', FALSE, '春节', 'Spring Festival', CURRENT_TIMESTAMP),
    (DATE '2026-02-21', FALSE, '春节', 'Spring Festival', CURRENT_TIMESTAMP),
    (DATE '2026-02-22', FALSE, '春节', 'Spring Festival', CURRENT_TIMESTAMP),
    (DATE '2026-02-23', FALSE, '春节', 'Spring Festival', CURRENT_TIMESTAMP),
    (DATE '2026-02-28', TRUE, '春节调休上班', 'Spring Festival make-up working day', CURRENT_TIMESTAMP),
    (DATE '2026-04-04', FALSE, '清明节', 'Qingming Festival', CURRENT_TIMESTAMP),
    (DATE '2026-04-05', FALSE, '清明节', 'Qingming Festival', CURRENT_TIMESTAMP),
    (DATE '2026-04-06', FALSE, '清明节', 'Qingming Festival', CURRENT_TIMESTAMP),
    (DATE '2026-05-01', FALSE, '劳动节', 'Labour Day', CURRENT_TIMESTAMP),
    (DATE '2026-05-02', FALSE, '劳动节', 'Labour Day', CURRENT_TIMESTAMP),
    (DATE '2026-05-03', FALSE, '劳动节', 'Labour Day', CURRENT_TIMESTAMP),
    (DATE '2026-05-04', FALSE, '劳动节', 'Labour Day', CURRENT_TIMESTAMP),
    (DATE '2026-05-05', FALSE, '劳动节', 'Labour Day', CURRENT_TIMESTAMP),
    (DATE '2026-05-09', TRUE, '劳动节调休上班', 'Labour Day make-up working day', CURRENT_TIMESTAMP),
    (DATE '2026-06-19', FALSE, '端午节', 'Dragon Boat Festival', CURRENT_TIMESTAMP),
    (DATE '2026-06-20', FALSE, '端午节', 'Dragon Boat Festival', CURRENT_TIMESTAMP),
    (DATE '2026-06-21', FALSE, '端午节', 'Dragon Boat Festival', CURRENT_TIMESTAMP),
    (DATE '2026-09-20', TRUE, '国庆节调休上班', 'National Day make-up working day', CURRENT_TIMESTAMP),
    (DATE '2026-09-25', FALSE, '中秋节', 'Mid-Autumn Festival', CURRENT_TIMESTAMP),
    (DATE '2026-09-26', FALSE, '中秋节', 'Mid-Autumn Festival', CURRENT_TIMESTAMP),
    (DATE '2026-09-27', FALSE, '中秋节', 'Mid-Autumn Festival', CURRENT_TIMESTAMP),
    (DATE '2026-10-01', FALSE, '国庆节', 'National Day', CURRENT_TIMESTAMP),
    (DATE '2026-10-02', FALSE, '国庆节', 'National Day', CURRENT_TIMESTAMP),
    (DATE '2026-10-03', FALSE, '国庆节', 'National Day', CURRENT_TIMESTAMP),
    (DATE '2026-10-04', FALSE, '国庆节', 'National Day', CURRENT_TIMESTAMP),
    (DATE '2026-10-05', FALSE, '国庆节', 'National Day', CURRENT_TIMESTAMP),
    (DATE '2026-10-06', FALSE, '国庆节', 'National Day', CURRENT_TIMESTAMP),
    (DATE '2026-10-07', FALSE, '国庆节', 'National Day', CURRENT_TIMESTAMP),
    (DATE '2026-10-10', TRUE, '国庆节调休上班', 'National Day make-up working day', CURRENT_TIMESTAMP);
