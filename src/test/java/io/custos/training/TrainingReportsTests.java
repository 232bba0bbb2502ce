package io.custos.training;

import static io.custos.training.TrainingFixture.as;
import static io.custos.training.TrainingFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;

import io.custos.identity.Role;
import io.custos.training.TrainingFixture.Person;

/** Completion per department and course, the late list and the export, each reader in their scope. */
class TrainingReportsTests extends TrainingIntegrationTest {

    @Autowired Courses courses;
    @Autowired Quizzes quizzes;
    @Autowired TrainingReports reports;

    @Test
    void officersSeeEveryDepartmentHeadsTheirOwnAndTheExportsAreGuardedAndAudited() throws Exception {
        Person headA = fixture.person(Role.EMPLOYEE, Role.DEPT_HEAD);
        UUID a = department(headA);
        UUID b = department(null);
        Person passer = member(fixture, a);
        Person late = member(fixture, b);
        jdbc.sql("update employee set display_name = '=HYPERLINK(\"x\")' where id = ?").param(passer.id()).update();
        UUID course = passedCourse(passer, a, b);

        TrainingReports.Report all = as(officer, () -> reports.report(officer.user()));
        assertThat(all.completion()).filteredOn(c -> c.courseId().equals(course))
                .extracting(c -> c.departmentId() + ":" + c.assigned() + ":" + c.passed() + ":" + c.late() + ":" + c.percent())
                .containsExactlyInAnyOrder(a + ":2:1:1:50", b + ":1:0:1:0");
        assertThat(all.late()).filteredOn(s -> s.courseId().equals(course)).extracting(CourseStanding::employeeId)
                .containsExactlyInAnyOrder(late.id(), headA.id());

        TrainingReports.Report head = as(headA, () -> reports.report(headA.user()));
        assertThat(head.departments()).extracting(d -> d.id()).containsExactly(a);
        assertThat(head.completion()).allMatch(c -> a.equals(c.departmentId()));

        MockHttpSession headSession = fixture.signIn(headA);
        byte[] csv = mvc.perform(get("/training/reports/export").param("format", "csv").session(headSession))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFUsername,Name,Department,Course,Mandatory,Standing").contains(passer.account().username(),
                "'=HYPERLINK").doesNotContain(late.account().username());
        assertThat(mvc.perform(get("/training/reports").session(headSession).header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString())
                .contains("Completion per department and course", "50%");

        MockHttpSession officerSession = fixture.signIn(officer);
        byte[] xlsx = mvc.perform(get("/training/reports/export").param("format", "xlsx").session(officerSession))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            var sheet = workbook.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Username");
            boolean found = false;
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                if (passer.account().username().equals(sheet.getRow(r).getCell(0).getStringCellValue())) {
                    assertThat(sheet.getRow(r).getCell(1).getStringCellValue()).startsWith("'=");
                    assertThat(sheet.getRow(r).getCell(5).getStringCellValue()).isEqualTo("Passed");
                    assertThat(sheet.getRow(r).getCell(8).getNumericCellValue()).isEqualTo(100.0);
                    found = true;
                }
            }
            assertThat(found).isTrue();
        }
        assertThat(jdbc.sql("select actor_name from audit_event where action = 'training.report.exported' order by id")
                .query(String.class).list()).contains(headA.account().username(), officer.account().username());

        MockHttpSession employee = fixture.signIn(fixture.person(Role.EMPLOYEE));
        mvc.perform(get("/training/reports").session(employee)).andExpect(status().isForbidden());
        mvc.perform(get("/training/reports/export").session(employee)).andExpect(status().isForbidden());
    }

    @Test
    void theExportIsWrittenInTheReadersLanguageWithNamesWordsAndTimesInTheirZone() throws Exception {
        Person headA = fixture.person(Role.EMPLOYEE, Role.DEPT_HEAD);
        UUID a = department(headA);
        UUID b = department(null);
        Person passer = member(fixture, a);
        passedCourse(passer, a, b);
        jdbc.sql("update employee set time_zone = 'Asia/Shanghai' where id = ?").param(headA.id()).update();
        java.time.Instant submitted = jdbc.sql("select max(submitted_at) from training_attempt where employee_id = ?")
                .param(passer.id()).query(java.time.OffsetDateTime.class).single().toInstant();
        String shanghai = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(submitted.atZone(java.time.ZoneId.of("Asia/Shanghai")));
        MockHttpSession session = fixture.signIn(headA);

        byte[] chinese = mvc.perform(get("/training/reports/export").param("format", "csv").session(session)
                .header("Accept-Language", "zh-CN")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsByteArray();
        List<CSVRecord> records = csv(chinese);
        assertThat(records.get(0).getParser().getHeaderNames()).containsExactly("用户名", "姓名", "部门", "课程", "必修",
                "状态", "截止日期", "合格有效期至（Asia/Shanghai）", "最近得分（%）", "最近提交时间（Asia/Shanghai）");
        CSVRecord passed = records.stream().filter(r -> r.get("用户名").equals(passer.account().username()))
                .findFirst().orElseThrow();
        assertThat(passed.get("部门")).isEqualTo("报表部");
        assertThat(passed.get("课程")).isEqualTo("保密培训");
        assertThat(passed.get("必修")).isEqualTo("是");
        assertThat(passed.get("状态")).isEqualTo("已合格");
        assertThat(passed.get("最近提交时间（Asia/Shanghai）")).isEqualTo(shanghai);
        assertThat(passed.get("合格有效期至（Asia/Shanghai）")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
        CSVRecord late = records.stream().filter(r -> r.get("用户名").equals(headA.account().username()))
                .findFirst().orElseThrow();
        assertThat(late.get("状态")).isEqualTo("已逾期");
        assertThat(late.get("最近提交时间（Asia/Shanghai）")).isEmpty();

        byte[] english = mvc.perform(get("/training/reports/export").param("format", "xlsx").session(session)
                .header("Accept-Language", "en")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsByteArray();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(english))) {
            var sheet = workbook.getSheetAt(0);
            List<String> headers = new java.util.ArrayList<>();
            sheet.getRow(0).forEach(c -> headers.add(c.getStringCellValue()));
            assertThat(headers).containsExactly("Username", "Name", "Department", "Course", "Mandatory", "Standing",
                    "Due on", "Pass valid until (Asia/Shanghai)", "Last score (%)", "Last submitted (Asia/Shanghai)");
            Map<String, List<String>> rows = new HashMap<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                List<String> cells = new java.util.ArrayList<>();
                for (int c = 0; c < headers.size(); c++) {
                    var cell = sheet.getRow(r).getCell(c);
                    cells.add(cell == null ? "" : cell.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC
                            ? String.valueOf((long) cell.getNumericCellValue()) : cell.getStringCellValue());
                }
                rows.put(cells.get(0), cells);
            }
            assertThat(rows.get(passer.account().username())).containsSubsequence("Reports", "Yes", "Passed", "100",
                    shanghai);
            assertThat(rows.get(headA.account().username())).containsSubsequence("Reports", "Yes", "Overdue");
            assertThat(rows.values()).flatMap(r -> r).doesNotContain("PASSED", "OVERDUE", "yes", "no")
                    .noneMatch(v -> v.contains("T") && v.endsWith("Z"));
        }
    }

    @Test
    void aTooFastAttemptAtOneQuestionReadsInTheSingular() throws Exception {
        Person headA = fixture.person(Role.EMPLOYEE, Role.DEPT_HEAD);
        UUID a = department(headA);
        Person scripted = member(fixture, a);
        UUID course = as(officer, () -> courses.create(TrainingGateTests.settings(1, true), officer.user()));
        run(officer, () -> courses.addLesson(course, new LessonContent("课", "Lesson", "正文", "Text"), officer.user()));
        run(officer, () -> courses.addQuestion(course, TrainingGateTests.question(1), officer.user()));
        run(officer, () -> courses.publish(course, officer.user()));
        run(officer, () -> courses.assign(course, null, a, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                .plusDays(5), officer.user()));
        UUID attempt = as(scripted, () -> quizzes.start(course, scripted.user()));
        UUID question = jdbc.sql("select question_id from training_attempt_question where attempt_id = ?")
                .param(attempt).query(UUID.class).single();
        UUID right = jdbc.sql("select id from training_option where question_id = ? and correct = true").param(question)
                .query(UUID.class).single();
        clock.advance(Duration.ofSeconds(1));
        run(scripted, () -> quizzes.submit(attempt, Map.of(question, right), scripted.user()));

        MockHttpSession session = fixture.signIn(headA);
        String english = mvc.perform(get("/training/reports").session(session).header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(english).contains(">1 s for 1 question<").doesNotContain("1 questions", "(UTC)");
        String chinese = mvc.perform(get("/training/reports").session(session).header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(chinese).contains("1 秒，共 1 题");
    }

    private static List<CSVRecord> csv(byte[] bytes) throws Exception {
        String text = new String(bytes, StandardCharsets.UTF_8).substring(1);
        try (CSVParser parser = CSVParser.parse(new StringReader(text),
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return parser.getRecords();
        }
    }

    /** A published mandatory course assigned to both departments, due yesterday, that {@code passer} passed. */
    private UUID passedCourse(Person passer, UUID a, UUID b) {
        UUID course = as(officer, () -> courses.create(TrainingGateTests.settings(2, true), officer.user()));
        run(officer, () -> courses.addLesson(course, new LessonContent("课", "Lesson", "正文", "Text"), officer.user()));
        for (int i = 1; i <= 2; i++) {
            int n = i;
            run(officer, () -> courses.addQuestion(course, TrainingGateTests.question(n), officer.user()));
        }
        run(officer, () -> courses.publish(course, officer.user()));
        LocalDate yesterday = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1);
        run(officer, () -> courses.assign(course, null, a, yesterday, officer.user()));
        run(officer, () -> courses.assign(course, null, b, yesterday, officer.user()));
        UUID attempt = as(passer, () -> quizzes.start(course, passer.user()));
        Map<UUID, UUID> answers = new HashMap<>();
        for (UUID q : jdbc.sql("select question_id from training_attempt_question where attempt_id = ?").param(attempt)
                .query(UUID.class).list()) {
            answers.put(q, jdbc.sql("select id from training_option where question_id = ? and correct = true").param(q)
                    .query(UUID.class).single());
        }
        clock.advance(Duration.ofMinutes(1)); // time to read the questions
        run(passer, () -> quizzes.submit(attempt, answers, passer.user()));

        return course;
    }

    private UUID department(Person head) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into department (id, code, name_zh, name_en, head_id, created_at) values (?, ?, '报表部', 'Reports', ?, ?)")
                .params(id, "R" + id.toString().substring(0, 8), head == null ? null : head.id(),
                        OffsetDateTime.now(ZoneOffset.UTC)).update();
        if (head != null) {
            jdbc.sql("update employee set department_id = ? where id = ?").params(id, head.id()).update();
        }
        return id;
    }

    private Person member(TrainingFixture fixture, UUID department) {
        Person person = fixture.person(Role.EMPLOYEE);
        jdbc.sql("update employee set department_id = ? where id = ?").params(department, person.id()).update();
        return person;
    }

}
