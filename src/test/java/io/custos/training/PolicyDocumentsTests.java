package io.custos.training;

import static io.custos.training.TrainingFixture.as;
import static io.custos.training.TrainingFixture.content;
import static io.custos.training.TrainingFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.access.AccessDeniedException;

import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.training.TrainingFixture.Person;

/**
 * R-EMP-1, R-EMP-4: the officer drafts, management approves or sends back, everyone acknowledges
 * the version in force with a dated record, and the home page asks until they do.
 */
class PolicyDocumentsTests extends TrainingIntegrationTest {

    @Autowired PolicyDocuments documents;

    @Test
    void theTemplatePolicyAndAgreementShipAsDraftsThatOnlyOfficersAndManagementSee() {
        assertThat(jdbc.sql("select d.kind from policy_document d join policy_document_version v on v.document_id = d.id "
                + "where v.number = 1 and v.drafted_by is null order by d.kind").query(String.class).list())
                .containsExactly("AGREEMENT", "POLICY");
        assertThat(jdbc.sql("select v.body_zh || v.body_en from policy_document d join policy_document_version v on "
                + "v.document_id = d.id where d.kind = 'POLICY' and v.drafted_by is null").query(String.class).single())
                .contains("模板", "Template", "PIPL", "L4");
        Person employee = fixture.person(Role.EMPLOYEE);
        assertThat(as(employee, () -> documents.documents(employee.user())).stream()
                .flatMap(d -> d.versions().stream()).filter(v -> v.draftedBy() == null && v.number() == 1)
                .filter(v -> v.state().open())).isEmpty();
        assertThat(as(officer, () -> documents.documents(officer.user())).stream().map(DocumentView::kind))
                .contains(DocumentKind.POLICY, DocumentKind.AGREEMENT);
    }

    @Test
    void sendingBackIsConfirmedTakesAnAuditedReasonAndTheAuthorReadsItFromTheirHomeTask() throws Exception {
        UUID versionId = as(officer, () -> documents.create(DocumentKind.POLICY, content("sent back"), officer.user()));
        run(officer, () -> documents.submit(versionId, officer.user()));
        String version = "/training/documents/versions/" + versionId;
        MockHttpSession managerSession = fixture.signIn(manager);
        assertThat(page(version, managerSession)).contains("id=\"reject-form\"", "id=\"reject-reason\"",
                "id=\"confirm-rejection\"", "I want to send version 1 back to the administration officer.");

        // A click alone sends nothing back: the confirmation and the reason are both required.
        mvc.perform(post(version + "/reject").session(managerSession).with(csrf()).param("reason", "Too vague"))
                .andExpect(redirectedUrl(version)).andExpect(flash().attribute("rejectProblem", "rejection-unconfirmed"))
                .andExpect(flash().attribute("rejectReason", "Too vague"));
        mvc.perform(post(version + "/reject").session(managerSession).with(csrf()).param("confirmed", "true")
                        .param("reason", "   "))
                .andExpect(redirectedUrl(version))
                .andExpect(flash().attribute("rejectProblem", "rejection-reason-required"));
        mvc.perform(post(version + "/reject").session(managerSession).with(csrf()).param("confirmed", "true")
                        .param("reason", "x".repeat(501)))
                .andExpect(flash().attribute("rejectProblem", "rejection-reason-required"));
        assertThat(state(versionId)).isEqualTo("SUBMITTED");
        assertThat(actions(versionId)).doesNotContain("training.document.rejected");
        String refused = mvc.perform(get(version).session(managerSession).header("Accept-Language", "en")
                        .flashAttr("rejectProblem", "rejection-unconfirmed").flashAttr("rejectReason", "Too vague"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("id=\"confirm-rejection-problem\"", "Tick the confirmation, then send back",
                ">Too vague</textarea>").doesNotContain("id=\"problem\"");

        String reason = "第二节与现行规定矛盾 - section 2 contradicts the rules in force";
        mvc.perform(post(version + "/reject").session(managerSession).with(csrf()).param("confirmed", "true")
                        .param("reason", reason))
                .andExpect(redirectedUrl(version)).andExpect(flash().attribute("notice", "training.document.reject.done"));
        assertThat(state(versionId)).isEqualTo("REJECTED");
        String details = jdbc.sql("select details from audit_event where action = 'training.document.rejected' "
                + "and target_id = ?").param(versionId.toString()).query(String.class).single();
        UUID rejection = jdbc.sql("select id from policy_version_rejection where version_id = ?").param(versionId)
                .query(UUID.class).single();
        assertThat(details).contains(rejection.toString()).doesNotContain("矛盾", "contradicts");
        assertThat(jdbc.sql("select reason from policy_version_rejection where id = ?").param(rejection)
                .query(String.class).single()).isEqualTo(reason);

        MockHttpSession officerSession = fixture.signIn(officer);
        assertThat(page("/", officerSession)).contains("Version 1 of a policy document was sent back: read why and revise it.",
                "href=\"" + version + "\"");
        assertThat(page(version, officerSession)).contains("id=\"rejection\"", reason, "Sent back by");
        // After revising, the author still sees why until it is decided again.
        run(officer, () -> documents.revise(versionId, content("revised"), officer.user()));
        assertThat(page(version, officerSession)).contains(reason);
    }

    @Test
    void aPolicyIsDraftedApprovedPublishedAndAcknowledgedThroughThePages() throws Exception {
        MockHttpSession officerSession = fixture.signIn(officer);
        String version = mvc.perform(post("/training/documents").session(officerSession).with(csrf())
                        .param("kind", "POLICY").param("titleZh", "出差保密规定").param("titleEn", "Travel rules")
                        .param("bodyZh", "## 规定\n出差时锁好电脑。").param("bodyEn", "## Rules\nLock your laptop <script>x</script>."))
                .andExpect(redirectedUrlPattern("/training/documents/versions/*"))
                .andReturn().getResponse().getRedirectedUrl();
        UUID versionId = UUID.fromString(version.substring(version.lastIndexOf('/') + 1));
        mvc.perform(post(version + "/submit").session(officerSession).with(csrf()))
                .andExpect(redirectedUrl(version));

        Person employee = fixture.person(Role.EMPLOYEE);
        MockHttpSession employeeSession = fixture.signIn(employee);
        // Not published yet: the employee neither sees it nor is asked about it.
        mvc.perform(get(version).session(employeeSession)).andExpect(status().isNotFound());

        MockHttpSession managerSession = fixture.signIn(manager);
        assertThat(page("/", managerSession)).contains("Version 1 of a policy document awaits your approval",
                "href=\"" + version + "\"");
        mvc.perform(post(version + "/approve").session(managerSession).with(csrf()).param("confirmed", "true"))
                .andExpect(redirectedUrl(version));
        assertThat(state(versionId)).isEqualTo("PUBLISHED");

        UUID documentId = jdbc.sql("select document_id from policy_document_version where id = ?").param(versionId)
                .query(UUID.class).single();
        assertThat(page("/", employeeSession)).contains("Read and acknowledge version 1 of a policy document",
                "/training/documents/" + documentId);
        String shown = page("/training/documents/" + documentId, employeeSession);
        assertThat(shown).contains("Travel rules", "<h2>Rules</h2>", "&lt;script&gt;x&lt;/script&gt;", "id=\"acknowledge\"")
                .doesNotContain("<script>x");

        clock.advance(Duration.ofMinutes(5));
        mvc.perform(post(version + "/acknowledge").session(employeeSession).with(csrf()))
                .andExpect(redirectedUrl(version));
        OffsetDateTime at = jdbc.sql("select acknowledged_at from policy_acknowledgment where version_id = ? and "
                + "employee_id = ?").params(versionId, employee.id()).query(OffsetDateTime.class).single();
        assertThat(at.toInstant()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(page("/", employeeSession)).doesNotContain("/training/documents/" + documentId);
        assertThat(page(version, employeeSession)).contains("id=\"acknowledged\"").doesNotContain("id=\"acknowledge\"");

        assertThat(actions(versionId)).containsExactly("training.document.drafted", "training.document.submitted",
                "training.document.approved", "training.document.acknowledged");

        // A new version supersedes it, and the employee is asked again.
        UUID second = as(officer, () -> documents.draftNext(documentId, content("v2"), officer.user()));
        run(officer, () -> documents.submit(second, officer.user()));
        run(manager, () -> documents.approve(second, manager.user()));
        assertThat(state(versionId)).isEqualTo("SUPERSEDED");
        assertThat(page("/", employeeSession)).contains("Read and acknowledge version 2 of a policy document");
        assertThatThrownBy(() -> as(employee, () -> documents.acknowledge(versionId, employee.user())))
                .isInstanceOf(DomainException.class).hasMessage("document-not-in-force");
    }

    @Test
    void managementOpensTheSubmittedVersionFromItsTaskSeesWhatChangedAndConfirmsBeforePublishing() throws Exception {
        UUID first = as(officer, () -> documents.create(DocumentKind.POLICY, new DocumentContent("访客规定", "Visitor rules",
                "访客须登记。\n访客须佩戴胸牌。\n访客不得进入机房。\n一\n二\n三\n四\n五\n六",
                "Visitors sign in.\nVisitors wear a badge.\nVisitors stay out of the server room.\n1\n2\n3\n4\n5\n6"),
                officer.user()));
        run(officer, () -> documents.submit(first, officer.user()));
        run(manager, () -> documents.approve(first, manager.user()));
        UUID documentId = as(officer, () -> documents.version(first, officer.user())).documentId();
        UUID second = as(officer, () -> documents.draftNext(documentId, new DocumentContent("访客规定", "Visitor rules",
                "访客须登记。\n访客须由员工陪同。\n访客不得进入机房。\n一\n二\n三\n四\n五\n六",
                "Visitors sign in.\nVisitors are accompanied by an employee.\nVisitors stay out of the server room."
                        + "\n1\n2\n3\n4\n5\n6"), officer.user()));
        String version = "/training/documents/versions/" + second;

        // Not offered before it is submitted, and never to the person who wrote it.
        MockHttpSession managerSession = fixture.signIn(manager);
        assertThat(page("/", managerSession)).doesNotContain(version);
        run(officer, () -> documents.submit(second, officer.user()));
        assertThat(page("/", managerSession)).contains("Version 2 of a policy document awaits your approval",
                "href=\"" + version + "\"");
        Person author = fixture.person(Role.ADMIN_OFFICER, Role.MANAGEMENT);
        assertThat(as(author, () -> documents.awaitingApprovalBy(author.id()))).extracting(VersionView::id)
                .contains(second);
        UUID own = as(author, () -> documents.create(DocumentKind.POLICY, content("own"), author.user()));
        run(author, () -> documents.submit(own, author.user()));
        assertThat(as(author, () -> documents.awaitingApprovalBy(author.id()))).extracting(VersionView::id)
                .doesNotContain(own);

        String review = page(version, managerSession);
        assertThat(review).contains("What version 2 changes against version 1 in force", "id=\"diff-zh\"",
                "id=\"diff-en\"", "id=\"confirm-approval\"", "id=\"approve\"");
        String english = review.substring(review.indexOf("id=\"diff-en\""));
        assertThat(english).containsPattern("diff-removed\"[^>]*>[\\s\\S]*?Visitors wear a badge.")
                .containsPattern("diff-added\"[^>]*>[\\s\\S]*?Visitors are accompanied by an employee.")
                .contains("5 unchanged lines");
        assertThat(review.indexOf("id=\"approve\"")).as("the decision comes after the changes and the text")
                .isGreaterThan(review.indexOf("id=\"document-body\""));

        // Approving without the confirmation publishes nothing.
        mvc.perform(post(version + "/approve").session(managerSession).with(csrf())).andExpect(redirectedUrl(version))
                .andExpect(flash().attribute("problemCode", "approval-unconfirmed"));
        assertThat(state(second)).isEqualTo("SUBMITTED");
        mvc.perform(post(version + "/approve").session(managerSession).with(csrf()).param("confirmed", "true"))
                .andExpect(redirectedUrl(version));
        assertThat(state(second)).isEqualTo("PUBLISHED");
        assertThat(state(first)).isEqualTo("SUPERSEDED");
        assertThat(page(version, managerSession)).doesNotContain("id=\"diff-en\"", "id=\"approve\"");
    }

    @Test
    void theAcceptButtonSitsBelowTheTextItAccepts() throws Exception {
        Person employee = fixture.person(Role.EMPLOYEE);
        UUID agreement = TrainingFixture.publishAgreement(documents, officer, manager);
        String page = page("/training/documents/versions/" + agreement, fixture.signIn(employee));
        assertThat(page).contains("id=\"acknowledge\"");
        assertThat(page.indexOf("id=\"acknowledge\"")).isGreaterThan(page.indexOf("id=\"document-body\""));
    }

    @Test
    void managementSendsADraftBackAndTheOfficerRevisesAndResubmitsIt() {
        UUID version = as(officer, () -> documents.create(DocumentKind.POLICY, content("first"), officer.user()));
        assertThatThrownBy(() -> run(manager, () -> documents.approve(version, manager.user())))
                .isInstanceOf(DomainException.class).hasMessage("document-version-state");
        run(officer, () -> documents.submit(version, officer.user()));
        assertThatThrownBy(() -> run(officer, () -> documents.revise(version, content("late"), officer.user())))
                .isInstanceOf(DomainException.class).hasMessage("document-version-state");
        run(manager, () -> documents.reject(version, "Section 2 is unclear", manager.user()));
        assertThat(state(version)).isEqualTo("REJECTED");
        run(officer, () -> documents.revise(version, content("second"), officer.user()));
        assertThat(state(version)).isEqualTo("DRAFT");
        run(officer, () -> documents.submit(version, officer.user()));
        run(manager, () -> documents.approve(version, manager.user()));
        assertThat(as(manager, () -> documents.version(version, manager.user())).content().titleEn())
                .isEqualTo("Title second");
        assertThat(actions(version)).containsExactly("training.document.drafted", "training.document.submitted",
                "training.document.rejected", "training.document.revised", "training.document.submitted",
                "training.document.approved");
    }

    @Test
    void onlyOfficersDraftOnlyManagementApprovesAndNobodyApprovesTheirOwnDraft() {
        Person employee = fixture.person(Role.EMPLOYEE);
        assertThatThrownBy(() -> as(employee, () -> documents.create(DocumentKind.POLICY, content("x"), employee.user())))
                .isInstanceOf(AccessDeniedException.class);
        UUID version = as(officer, () -> documents.create(DocumentKind.POLICY, content("own"), officer.user()));
        run(officer, () -> documents.submit(version, officer.user()));
        assertThatThrownBy(() -> run(officer, () -> documents.approve(version, officer.user())))
                .isInstanceOf(AccessDeniedException.class);

        Person both = fixture.person(Role.ADMIN_OFFICER, Role.MANAGEMENT);
        UUID own = as(both, () -> documents.create(DocumentKind.POLICY, content("both"), both.user()));
        run(both, () -> documents.submit(own, both.user()));
        assertThatThrownBy(() -> run(both, () -> documents.approve(own, both.user())))
                .isInstanceOf(DomainException.class).hasMessage("approver-is-author");
        assertThat(jdbc.sql("select outcome from audit_event where target_id = ? and action = 'training.document.approved'")
                .param(own.toString()).query(String.class).list()).containsExactly("DENIED");
        assertThatThrownBy(() -> as(officer, () -> documents.create(DocumentKind.AGREEMENT, content("2nd"), officer.user())))
                .isInstanceOf(DomainException.class).hasMessage("agreement-exists");
    }

    @Test
    void theAgreementIsAcceptedOnceAndAskedForAgainWhenItChanges() throws Exception {
        Person employee = fixture.person(Role.EMPLOYEE);
        UUID first = TrainingFixture.publishAgreement(documents, officer, manager);
        assertThat(documents.acceptedCurrentAgreement(employee.id())).isFalse();
        MockHttpSession session = fixture.signIn(employee);
        assertThat(page("/", session)).contains("Accept version");
        mvc.perform(post("/training/documents/versions/" + first + "/acknowledge").session(session).with(csrf()))
                .andExpect(redirectedUrlPattern("/training/documents/versions/*"));
        assertThat(documents.acceptedCurrentAgreement(employee.id())).isTrue();
        assertThat(actions(first)).contains("training.agreement.accepted");
        assertThat(page("/", session)).doesNotContain("Accept version");

        TrainingFixture.publishAgreement(documents, officer, manager);
        assertThat(documents.acceptedCurrentAgreement(employee.id())).isFalse();
        assertThat(page("/", session)).contains("Accept version");
    }

    private String page(String path, MockHttpSession session) throws Exception {
        return mvc.perform(get(path).session(session).header("Accept-Language", "en")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private String state(UUID version) {
        return jdbc.sql("select state from policy_document_version where id = ?").param(version).query(String.class)
                .single();
    }

    private List<String> actions(UUID version) {
        return jdbc.sql("select action from audit_event where target_id = ? and outcome = 'ALLOWED' order by id")
                .param(version.toString()).query(String.class).list();
    }
}
