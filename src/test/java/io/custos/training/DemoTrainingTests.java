package io.custos.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import io.custos.identity.Employees;
import io.custos.support.IntegrationTest;

/** The demo company's training: published policy and agreement, a 20-question course, Sales 1 trained, huang.li not. */
@IntegrationTest
@ActiveProfiles("demo")
class DemoTrainingTests {

    @Autowired JdbcClient jdbc;
    @Autowired Employees employees;
    @Autowired TrainingGate gate;
    @Autowired Quizzes quizzes;
    @Autowired DemoTraining demo;

    @Test
    void salesOneHasPassedHuangLiHasNotAndTheGateSaysSo() {
        // Ten drawn per attempt, three attempts a day: thirty questions, so no attempt of a day repeats one.
        assertThat(jdbc.sql("select count(*) from training_question").query(Long.class).single()).isEqualTo(30);
        assertThat(jdbc.sql("select question_count from training_course").query(Integer.class).single()).isEqualTo(10);
        assertThat(jdbc.sql("select d.kind from policy_document_version v join policy_document d on d.id = v.document_id "
                + "where v.state = 'PUBLISHED' order by d.kind").query(String.class).list())
                .containsExactly("AGREEMENT", "POLICY");
        assertThat(gate.check(id("zhang.wei")).allowed()).isTrue();
        assertThat(gate.check(id("liu.yang")).allowed()).isTrue();
        assertThat(gate.check(id("li.na")).allowed()).isTrue();
        assertThat(gate.check(id("huang.li")).reasonCode()).isEqualTo("agreement-missing");
        assertThat(gate.check(id("wang.fang")).allowed()).as("no course is assigned to administration").isTrue();

        var liNa = employees.byUsername("li.na").orElseThrow();
        assertThat(quizzes.mine(new io.custos.identity.CustosUser(liNa.id(), liNa.username(), liNa.displayName(),
                liNa.departmentId(), liNa.roles(), liNa.status()))).extracting(CourseStanding::standing)
                .containsExactly(Standing.EXPIRING);

        demo.run(new DefaultApplicationArguments());
        assertThat(jdbc.sql("select count(*) from training_course").query(Long.class).single()).isEqualTo(1);
    }

    private UUID id(String username) {
        return employees.byUsername(username).orElseThrow().id();
    }
}
