-- Courses with lessons and a bank of multiple-choice questions (R-EMP-2). A course is built while
-- DRAFT, frozen when PUBLISHED (results keep pointing at the questions they drew), and RETIRED when
-- no longer required.
CREATE TABLE training_course (
    id             UUID          NOT NULL PRIMARY KEY,
    title_zh       VARCHAR(200)  NOT NULL,
    title_en       VARCHAR(200)  NOT NULL,
    summary_zh     VARCHAR(2000) NOT NULL,
    summary_en     VARCHAR(2000) NOT NULL,
    pass_mark      INT           NOT NULL CHECK (pass_mark BETWEEN 1 AND 100),
    question_count INT           NOT NULL CHECK (question_count BETWEEN 1 AND 100),
    mandatory      BOOLEAN       NOT NULL,
    state          VARCHAR(16)   NOT NULL CHECK (state IN ('DRAFT', 'PUBLISHED', 'RETIRED')),
    created_by     UUID          NOT NULL,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    published_at   TIMESTAMP(6) WITH TIME ZONE
);

CREATE TABLE training_lesson (
    id        UUID            NOT NULL PRIMARY KEY,
    course_id UUID            NOT NULL REFERENCES training_course (id),
    position  INT             NOT NULL,
    title_zh  VARCHAR(200)    NOT NULL,
    title_en  VARCHAR(200)    NOT NULL,
    body_zh   VARCHAR(100000) NOT NULL,
    body_en   VARCHAR(100000) NOT NULL
);
CREATE INDEX training_lesson_course ON training_lesson (course_id, position);

CREATE TABLE training_question (
    id        UUID          NOT NULL PRIMARY KEY,
    course_id UUID          NOT NULL REFERENCES training_course (id),
    position  INT           NOT NULL,
    text_zh   VARCHAR(1000) NOT NULL,
    text_en   VARCHAR(1000) NOT NULL
);
CREATE INDEX training_question_course ON training_question (course_id, position);

-- Exactly one option of each question is correct (checked when the question is saved).
CREATE TABLE training_option (
    id          UUID         NOT NULL PRIMARY KEY,
    question_id UUID         NOT NULL REFERENCES training_question (id),
    position    INT          NOT NULL,
    text_zh     VARCHAR(500) NOT NULL,
    text_en     VARCHAR(500) NOT NULL,
    correct     BOOLEAN      NOT NULL
);
CREATE INDEX training_option_question ON training_option (question_id, position);

-- Who must take a course, by role or by department (one of the two), and by when.
CREATE TABLE training_assignment (
    id            UUID        NOT NULL PRIMARY KEY,
    course_id     UUID        NOT NULL REFERENCES training_course (id),
    role          VARCHAR(32),
    department_id UUID        REFERENCES department (id),
    due_on        DATE        NOT NULL,
    created_by    UUID        NOT NULL,
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT training_assignment_target CHECK ((role IS NULL AND department_id IS NOT NULL)
        OR (role IS NOT NULL AND department_id IS NULL))
);
CREATE INDEX training_assignment_course ON training_assignment (course_id);

-- One taking of a quiz: the questions drawn for it, the answers, the score and the time. While it
-- is open, open_for holds the employee's id, so a person has at most one open attempt per course.
CREATE TABLE training_attempt (
    id             UUID    NOT NULL PRIMARY KEY,
    course_id      UUID    NOT NULL REFERENCES training_course (id),
    employee_id    UUID    NOT NULL REFERENCES employee (id),
    open_for       UUID,
    started_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    submitted_at   TIMESTAMP(6) WITH TIME ZONE,
    question_count INT     NOT NULL,
    correct_count  INT,
    score          INT,
    passed         BOOLEAN,
    valid_until    TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT training_attempt_one_open UNIQUE (course_id, open_for)
);
CREATE INDEX training_attempt_employee ON training_attempt (employee_id, course_id);

CREATE TABLE training_attempt_question (
    attempt_id       UUID    NOT NULL REFERENCES training_attempt (id),
    position         INT     NOT NULL,
    question_id      UUID    NOT NULL REFERENCES training_question (id),
    chosen_option_id UUID,
    correct          BOOLEAN,
    PRIMARY KEY (attempt_id, position)
);

-- E-mail reminders already sent, so each is sent once: per person, course, kind and the date it
-- is about (the due date, or the day a pass expires).
CREATE TABLE training_reminder (
    employee_id  UUID        NOT NULL REFERENCES employee (id),
    course_id    UUID        NOT NULL REFERENCES training_course (id),
    kind         VARCHAR(16) NOT NULL,
    reference_on DATE        NOT NULL,
    sent_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (employee_id, course_id, kind, reference_on)
);
