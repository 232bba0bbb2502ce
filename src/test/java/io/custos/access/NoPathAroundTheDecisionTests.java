package io.custos.access;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Issue "Access decisions", point 6: there is no path to customer content that skips the decision.
 * Values leave storage only through {@code ValueStore.load}/{@code read}/{@code readable}/{@code present};
 * only the reading and listing use cases call them, and they ask {@link AccessDecisions} for single
 * records and lists. No SQL outside the value store reads stored values, and no module but the
 * customer module names the customer tables.
 */
class NoPathAroundTheDecisionTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.custos");

    /** The use cases that may read stored values, each deciding first. */
    private static final Set<String> READERS = Set.of("io.custos.customer.CustomerReading",
            "io.custos.customer.CustomerListing");
    private static final Set<String> VALUE_READS = Set.of("load", "read", "readable", "present");
    /** The data subject's own view (the portal): no staff decision, since its reader is the customer. */
    private static final String SELF_VIEW = "io.custos.customer.CustomerSelfView";

    @Test
    void onlyTheReadingAndListingUseCasesReadStoredValues() {
        noClasses().that().doNotHaveFullyQualifiedName("io.custos.customer.CustomerReading")
                .and().doNotHaveFullyQualifiedName("io.custos.customer.CustomerListing")
                .and().doNotHaveFullyQualifiedName("io.custos.customer.ValueStore")
                .and().doNotHaveFullyQualifiedName(SELF_VIEW)
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "reads values from the value store",
                        (JavaMethodCall call) -> call.getTargetOwner().getFullName().equals("io.custos.customer.ValueStore")
                                && VALUE_READS.contains(call.getName())))
                .check(CLASSES);
    }

    @Test
    void readingDecidesForRecordsAndListingForListsThroughTheAccessModule() {
        JavaClass guard = CLASSES.get("io.custos.customer.CustomerGuard");
        assertThat(calledOnAccess(guard)).contains("decide");
        assertThat(calledOnAccess(CLASSES.get("io.custos.customer.CustomerListing"))).contains("decideForList");
        for (String reader : READERS) {
            JavaClass type = CLASSES.get(reader);
            // Every method that reads values also decides, itself or through the guard's visible/editable.
            type.getMethods().stream()
                    .filter(m -> m.getMethodCallsFromSelf().stream().anyMatch(c -> VALUE_READS.contains(c.getName())
                            && c.getTargetOwner().getSimpleName().equals("ValueStore")))
                    .forEach(m -> assertThat(m.getMethodCallsFromSelf().stream().anyMatch(c ->
                            c.getTargetOwner().isEquivalentTo(AccessDecisions.class)
                                    || c.getTargetOwner().equals(guard) && Set.of("visible", "editable")
                                    .contains(c.getName())))
                            .as(m.getFullName() + " reads values without a decision").isTrue());
        }
    }

    @Test
    void theCustomersOwnViewReadsOnlyForThatCustomerSignedIn() {
        JavaClass self = CLASSES.get(SELF_VIEW);
        List<String> reading = self.getMethods().stream()
                .filter(m -> m.getMethodCallsFromSelf().stream().anyMatch(c -> VALUE_READS.contains(c.getName())
                        && c.getTargetOwner().getSimpleName().equals("ValueStore")))
                .filter(m -> m.getMethodCallsFromSelf().stream().noneMatch(c -> c.getTargetOwner().equals(self)
                        && c.getName().equals("requireLive")))
                .map(m -> m.getFullName()).toList();
        assertThat(reading).as("reads values without checking the customer signed in").isEmpty();
    }

    private static List<String> calledOnAccess(JavaClass type) {
        return type.getMethodCallsFromSelf().stream()
                .filter(c -> c.getTargetOwner().isEquivalentTo(AccessDecisions.class))
                .map(JavaMethodCall::getName).distinct().toList();
    }

    @Test
    void noSqlOutsideTheValueStoreReadsStoredValuesAndNoOtherModuleNamesTheCustomerTables() throws IOException {
        Pattern readsValues = Pattern.compile("select[^\"]*(plain_value|ciphertext)[^\"]*from customer_value",
                Pattern.CASE_INSENSITIVE);
        Path main = Path.of("src/main/java/io/custos");
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file).replaceAll("\"\\s*\\+\\s*\"", "");
                String name = main.relativize(file).toString().replace('\\', '/');
                if (!name.equals("customer/ValueStore.java")) {
                    assertThat(readsValues.matcher(source).find()).as(name + " reads customer values in SQL").isFalse();
                }
                if (!name.startsWith("customer/")) {
                    assertThat(Pattern.compile("(from|join|into|update)\\s+customer(_value)?\\b",
                            Pattern.CASE_INSENSITIVE).matcher(source).find())
                            .as(name + " names a customer table").isFalse();
                }
            }
        }
    }
}
