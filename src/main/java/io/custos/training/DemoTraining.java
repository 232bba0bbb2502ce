package io.custos.training;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.Actor;

/**
 * Demo profile, after the demo accounts: the template policy and agreement published (drafted by
 * {@code wang.fang}, approved by {@code chen.jie}) and accepted by every demo account except
 * {@code huang.li}; the course "Customer information confidentiality basics" (3 lessons, a bank of
 * 30 questions, 10 drawn, 80 % to pass, mandatory: with 3 attempts a day every attempt of a day
 * draws questions its taker has not seen yet) assigned to EMPLOYEE and DEPT_HEAD, due in 30
 * days; Sales 1 ({@code zhang.wei}, {@code liu.yang}) passed 40 days ago, {@code li.na} 350 days
 * ago (her refresher is due), {@code huang.li} not at all, so the gate refuses her until she
 * accepts the agreement and passes. Seeded once, into a database without courses.
 */
@Component
@Profile("demo")
@Order(30)
class DemoTraining implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoTraining.class);
    static final Actor SEEDER = Actor.system("demo-seed");
    static final String NOT_YET = "huang.li";
    static final Map<String, Integer> PASSED_DAYS_AGO = Map.of("zhang.wei", 40, "liu.yang", 40, "li.na", 350);

    private final Employees employees;
    private final DocumentRepository documents;
    private final CourseRepository courses;
    private final AttemptRepository attempts;
    private final TrainingAudit audit;
    private final TrainingProperties properties;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DemoTraining(Employees employees, DocumentRepository documents, CourseRepository courses,
            AttemptRepository attempts, TrainingAudit audit, TrainingProperties properties, JdbcClient jdbc,
            TransactionTemplate transaction, Clock clock) {
        this.employees = employees;
        this.documents = documents;
        this.courses = courses;
        this.attempts = attempts;
        this.audit = audit;
        this.properties = properties;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        Optional<EmployeeView> officer = employees.byUsername("wang.fang");
        Optional<EmployeeView> manager = employees.byUsername("chen.jie");
        if (officer.isEmpty() || manager.isEmpty()
                || jdbc.sql("select count(*) from training_course").query(Long.class).single() > 0) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            List<EmployeeView> staff = employees.current();
            for (UUID documentId : documents.documentIds()) {
                documents.versions(documentId).stream().filter(v -> v.state() == VersionState.DRAFT).findFirst()
                        .ifPresent(v -> publish(v, officer.get(), manager.get(), staff));
            }
            UUID course = course(officer.get());
            Instant now = clock.instant();
            for (EmployeeView person : staff) {
                Integer daysAgo = PASSED_DAYS_AGO.get(person.username());
                if (daysAgo != null) {
                    pass(course, person, now.minus(Duration.ofDays(daysAgo)));
                }
            }
        });
        log.info("Demo training: policy and agreement published, course with {} questions, passes for {}",
                QUESTIONS.size(), PASSED_DAYS_AGO.keySet());
    }

    private void publish(VersionView version, EmployeeView officer, EmployeeView manager, List<EmployeeView> staff) {
        Instant now = clock.instant();
        documents.transition(version.id(), VersionState.DRAFT, VersionState.SUBMITTED, "submitted_by", "submitted_at",
                officer.id(), now);
        documents.publish(version.id(), manager.id(), now);
        Map<String, Object> details = Map.of("document", version.documentId(), "kind", version.kind(), "number",
                version.number());
        audit.recordBy(SEEDER, "training.document.submitted", TrainingAudit.VERSION, version.id(), details);
        audit.recordBy(SEEDER, "training.document.approved", TrainingAudit.VERSION, version.id(), details);
        for (EmployeeView person : staff) {
            if (!NOT_YET.equals(person.username())) {
                documents.acknowledge(version.id(), person.id(), now);
                audit.recordBy(SEEDER, version.kind() == DocumentKind.AGREEMENT ? "training.agreement.accepted"
                        : "training.document.acknowledged", TrainingAudit.VERSION, version.id(),
                        Map.of("employee", person.id()));
            }
        }
    }

    private UUID course(EmployeeView officer) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        courses.insert(id, new CourseContent("客户信息保密基础", "Customer information confidentiality basics",
                "客户信息是什么、如何分级、谁可以查看、如何共享与销毁，以及发生问题时怎么办。",
                "What customer information is, how it is classified, who may see it, how it is shared and destroyed, "
                        + "and what to do when something goes wrong.", 80, 10, true), officer.id(), now);
        for (LessonContent lesson : LESSONS) {
            courses.insertLesson(UUID.randomUUID(), id, lesson);
        }
        for (QuestionContent question : QUESTIONS) {
            courses.insertQuestion(UUID.randomUUID(), id, question);
        }
        courses.transition(id, CourseState.DRAFT, CourseState.PUBLISHED, now);
        LocalDate due = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(30);
        courses.insertAssignment(id, Role.EMPLOYEE, null, due, officer.id(), now);
        courses.insertAssignment(id, Role.DEPT_HEAD, null, due, officer.id(), now);
        audit.recordBy(SEEDER, "training.course.published", TrainingAudit.COURSE, id,
                Map.of("questions", QUESTIONS.size(), "draw", 10, "passMark", 80, "mandatory", true));
        return id;
    }

    /** A full-marks attempt submitted {@code at}, drawn like any other. */
    private void pass(UUID course, EmployeeView person, Instant at) {
        List<CourseView.Question> bank = courses.questions(course);
        List<UUID> drawn = Quizzes.draw(bank.stream().map(CourseView.Question::id).toList(), 10,
                new Random(person.username().hashCode()));
        UUID attempt = UUID.randomUUID();
        attempts.insert(attempt, course, person.id(), drawn, at.minus(Duration.ofMinutes(12)));
        for (int i = 0; i < drawn.size(); i++) {
            UUID questionId = drawn.get(i);
            CourseView.Question question = bank.stream().filter(q -> q.id().equals(questionId)).findFirst().orElseThrow();
            List<QuestionContent.Option> options = question.content().options();
            int right = 0;
            while (!options.get(right).correct()) {
                right++;
            }
            attempts.answer(attempt, i + 1, question.optionIds().get(right), true);
        }
        attempts.finish(attempt, at, drawn.size(), 100, true,
                at.atZone(ZoneOffset.UTC).plus(properties.passValidity()).toInstant());
        audit.recordBy(SEEDER, "training.quiz.submitted", TrainingAudit.ATTEMPT, attempt, Map.of("course", course,
                "questions", drawn.size(), "correct", drawn.size(), "score", 100, "passed", true));
    }

    private static QuestionContent q(String zh, String en, int correct, String... options) {
        List<QuestionContent.Option> list = new ArrayList<>();
        for (int i = 0; i < options.length; i += 2) {
            list.add(new QuestionContent.Option(options[i], options[i + 1], i / 2 == correct));
        }
        return new QuestionContent(zh, en, list);
    }

    static final List<LessonContent> LESSONS = List.of(
            new LessonContent("客户信息与分级", "Customer information and its levels", """
                    客户信息是能识别客户或其联系人的信息，以及反映我们与客户业务往来的信息。

                    Custos 把每个字段分为四级：

                    - **L1 公开**：公司名称、城市、行业；
                    - **L2 内部**：联系人、职务；
                    - **L3 机密**：电话、邮箱、地址、交易备注；
                    - **L4 绝密**：身份证件号码、银行账户、报价策略。

                    L3 和 L4 的值只以密文保存，页面上默认掩码显示。
                    """, """
                    Customer information is anything that identifies a customer or a contact person, or that describes
                    our business with them.

                    Custos puts every field in one of four levels:

                    - **L1 public**: company name, city, industry;
                    - **L2 internal**: contact person, job title;
                    - **L3 confidential**: telephone, e-mail, address, transaction notes;
                    - **L4 secret**: identity numbers, bank accounts, pricing strategy.

                    L3 and L4 values are stored only encrypted and are masked on screen by default.
                    """),
            new LessonContent("查看、共享与保存", "Viewing, sharing and keeping", """
                    1. 只出于可以说明的业务目的查看客户信息，每次查看都会被记录。
                    2. 查看 L3、L4 明文的前提：已接受现行保密协议，并持有本课程的有效合格记录（有效期十二个月）。
                    3. 只有经批准的申请，才可向受书面保密协议约束的合作方共享，且只共享用途所需的内容。
                    4. 不得通过个人邮箱、即时通讯工具或 U 盘发送客户名单。
                    5. 纸质资料不用时锁存，不再需要时粉碎，并留有记录。
                    """, """
                    1. Look at customer information only for a business purpose you can name; every view is recorded.
                    2. To reveal L3 or L4 values you must have accepted the current confidentiality agreement and hold a
                       current pass of this course (valid for twelve months).
                    3. Share outside the company only with an approved request, to a partner bound by a written
                       confidentiality agreement, and only what the purpose needs.
                    4. Never send customer lists by personal e-mail, messaging apps or USB sticks.
                    5. Lock paper records away when not in use, shred them when no longer needed, and record it.
                    """),
            new LessonContent("离职、调岗与报告", "Leaving, changing role and reporting", """
                    - 离职或调岗前，把负责的客户移交给部门负责人指定的接替人，归还全部资料，不保留副本。
                    - 离职后保密义务继续有效。
                    - 发现泄露、丢失或可疑的查询，立即向部门负责人或行政部报告；早报告能减少损失。
                    - 违反制度的，按公司奖惩规定处理，可能承担赔偿和法律责任。
                    """, """
                    - Before you leave or change role, hand over your customers to the successor your department head
                      names, return all records and keep no copy.
                    - Your duty of confidentiality continues after you leave.
                    - Report a leak, a loss or a suspicious request to your department head or the administration
                      department at once: early reports limit the damage.
                    - Breaches are dealt with under the company's rules on rewards and penalties and may lead to
                      claims for damages and legal liability.
                    """));

    static final List<QuestionContent> QUESTIONS = List.of(
            q("客户的手机号码属于哪一级？", "Which level is a customer's mobile number?", 2,
                    "L1 公开", "L1 public", "L2 内部", "L2 internal", "L3 机密", "L3 confidential", "L4 绝密", "L4 secret"),
            q("客户联系人的身份证号码属于哪一级？", "Which level is a contact's identity card number?", 3,
                    "L1 公开", "L1 public", "L2 内部", "L2 internal", "L3 机密", "L3 confidential", "L4 绝密", "L4 secret"),
            q("客户的公司名称属于哪一级？", "Which level is a customer's company name?", 0,
                    "L1 公开", "L1 public", "L3 机密", "L3 confidential", "L4 绝密", "L4 secret"),
            q("L3、L4 信息在 Custos 中如何保存？", "How does Custos store L3 and L4 values?", 1,
                    "明文保存，便于搜索", "In clear, for searching", "只以密文保存", "Only encrypted",
                    "保存在员工电脑上", "On the employee's computer"),
            q("什么时候可以查看客户信息？", "When may you look at customer information?", 0,
                    "出于可以说明的业务目的", "For a business purpose you can name", "任何时候，只要好奇",
                    "Any time you are curious", "只在下班后", "Only after working hours"),
            q("查看 L3 明文需要什么前提？", "What must you have before L3 values are revealed to you?", 2,
                    "只要是销售人员", "Only to be in sales", "部门负责人口头同意", "Your head's spoken consent",
                    "已接受现行保密协议并持有有效培训合格记录",
                    "The current agreement accepted and a current pass of the training"),
            q("培训合格记录的有效期是多久？", "How long does a pass of this training count?", 1,
                    "一个月", "One month", "十二个月", "Twelve months", "永久有效", "For ever"),
            q("同事请你把客户名单发到他的个人邮箱，你应该怎么做？",
                    "A colleague asks you to send a customer list to his personal e-mail. What do you do?", 2,
                    "照做，他是同事", "Send it: he is a colleague", "压缩加密后再发", "Send it zipped with a password",
                    "拒绝，并告诉他通过 Custos 按权限查看", "Refuse, and point him to Custos and its rules"),
            q("向合作方共享客户信息需要什么？", "What does sharing customer data with a partner need?", 1,
                    "只要业务需要", "Only a business need", "经批准的申请和书面保密协议，且只共享所需内容",
                    "An approved request and a written confidentiality agreement, sharing only what is needed",
                    "合作方的口头承诺", "The partner's spoken promise"),
            q("可以用 U 盘拷贝客户名单带回家工作吗？", "May you copy a customer list to a USB stick to work at home?", 0,
                    "不可以", "No", "可以，只要当天带回", "Yes, if it comes back the same day", "可以，只要不丢",
                    "Yes, as long as it is not lost"),
            q("不再需要的含客户信息的纸质资料应当如何处理？",
                    "What happens to paper records with customer data that are no longer needed?", 2,
                    "扔进废纸篓", "Into the waste-paper basket", "带回家保存", "Take them home",
                    "粉碎并留有记录", "Shred them and record it"),
            q("纸质客户资料不用时应当怎样？", "What do you do with paper customer records when not using them?", 1,
                    "放在桌面上方便取用", "Leave them on the desk", "锁存", "Lock them away", "交给前台", "Give them to reception"),
            q("离职前应当如何处理自己负责的客户？", "What do you do with your customers before you leave?", 0,
                    "移交给部门负责人指定的接替人", "Hand them over to the successor your head names",
                    "删除客户记录", "Delete their records", "带到新公司", "Take them to the new employer"),
            q("离职后保密义务如何？", "What happens to your duty of confidentiality when you leave?", 1,
                    "立即终止", "It ends at once", "继续有效", "It continues", "一个月后终止", "It ends after a month"),
            q("发现客户信息可能泄露，应当怎么做？", "You suspect customer data has leaked. What do you do?", 2,
                    "等确认后再说", "Wait until you are sure", "自己悄悄处理", "Deal with it quietly yourself",
                    "立即向部门负责人或行政部报告", "Report it at once to your head or the administration department"),
            q("谁负责批准公司的保密制度？", "Who approves the company's confidentiality policy?", 0,
                    "管理层", "Management", "信息技术部", "The IT department", "每位员工自己", "Each employee"),
            q("谁负责起草、修订和宣传保密制度？", "Who drafts, revises and spreads the confidentiality policy?", 1,
                    "内审部", "Internal audit", "行政部", "The administration department", "销售部", "Sales"),
            q("你在 Custos 中查看客户信息的行为会怎样？", "What happens when you view customer data in Custos?", 2,
                    "不留痕迹", "Nothing is kept", "只记录失败的查看", "Only failed views are kept",
                    "会被记录并可能被审查", "It is recorded and may be reviewed"),
            q("账号密码可以告诉同事吗？", "May you tell a colleague your password?", 0,
                    "不可以", "No", "可以，如果他着急", "Yes, if it is urgent", "可以，告诉部门负责人",
                    "Yes, to your department head"),
            q("制度修订后，员工需要做什么？", "The policy has changed. What must you do?", 1,
                    "什么也不用做", "Nothing", "阅读新版本并确认", "Read the new version and acknowledge it",
                    "等待下一年的培训", "Wait for next year's training"),
            q("客户的电子邮箱地址属于哪一级？", "Which level is a customer's e-mail address?", 2,
                    "L1 公开", "L1 public", "L2 内部", "L2 internal", "L3 机密", "L3 confidential"),
            q("客户列表中显示的 139****9876 是什么？", "What is 139****9876 in the customer list?", 1,
                    "输入错误的号码", "A mistyped number", "被掩码的手机号码，需说明目的才能查看明文",
                    "A masked mobile number: its value is revealed only for a stated purpose",
                    "可以随意猜测的号码", "A number anyone may guess"),
            q("查看明文时选择的目的会怎样？", "What happens to the purpose you choose when revealing a value?", 0,
                    "与查看一起记录，并可能被审查", "It is recorded with the reveal and may be reviewed",
                    "不会保存", "It is not kept", "只给自己看", "Only you see it"),
            q("客户撤回了某一目的的同意，你还能为该目的查看其信息吗？",
                    "A customer withdrew consent for a purpose. May you still reveal their data for it?", 1,
                    "可以，老客户不受影响", "Yes, existing customers are not affected", "不可以",
                    "No", "可以，只要部门负责人同意", "Yes, if your head agrees"),
            q("紧急访问（破窗）适用于什么情况？", "When is emergency (break-glass) access for?", 2,
                    "想快点完成工作时", "When you want to finish faster", "好奇同事的客户时",
                    "When you are curious about a colleague's customer",
                    "确有紧急业务需要并写明理由，事后会被复核",
                    "A real urgent business need, with a written justification that is reviewed afterwards"),
            q("可以用手机拍摄屏幕上的客户信息吗？", "May you photograph customer data on your screen with your phone?", 0,
                    "不可以", "No", "可以，只要不外传", "Yes, if you keep it to yourself", "可以，用于备忘",
                    "Yes, as a reminder"),
            q("离开座位时应当怎样处理电脑？", "What do you do with your computer when you leave your desk?", 1,
                    "保持登录，方便回来继续", "Stay signed in to carry on later", "锁屏或退出登录",
                    "Lock the screen or sign out", "关掉显示器即可", "Just switch off the monitor"),
            q("客户要求查询我们保存的其个人信息，应当怎么做？",
                    "A customer asks what personal data we hold about them. What do you do?", 2,
                    "拒绝，这是公司内部资料", "Refuse: it is internal", "口头随便告诉他", "Tell them whatever you recall",
                    "按公司流程登记并在规定期限内答复", "Record the request as the company's process says and answer in time"),
            q("收到要求你提供客户名单的可疑邮件，应当怎么做？",
                    "A suspicious e-mail asks you for a customer list. What do you do?", 0,
                    "不回复、不提供，并报告信息技术部", "Do not answer or send anything, and report it to IT",
                    "先发一部分试试", "Send part of it to see", "转发给同事处理", "Forward it to a colleague"),
            q("保密培训合格后，一年后需要做什么？", "You passed the training. What is needed a year later?", 1,
                    "什么也不用做", "Nothing", "参加复训并再次通过", "Take the refresher and pass again",
                    "只需重新签署保密协议", "Only sign the agreement again"));
}
