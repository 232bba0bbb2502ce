package io.custos.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.Schedules;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Issue 23 (R-X-3): with several nodes on one database, every {@code @Scheduled} method of Custos
 * either runs once across the nodes ({@code @SchedulerLock}) or is named below as running on every
 * node, with the reason. A job added later without either fails here.
 */
class ScheduledJobsTests {

    /** Jobs that run on every node, and why ({@code Class#method}). */
    static final Map<String, String> EVERY_NODE = Map.of(
            "io.custos.audit.AuditSealer#sealPeriodically", "each node seals its own chain",
            "io.custos.keys.DataKeyDestructionPoll#scheduled", "each node clears its own cache of data keys",
            "io.custos.customer.DestructionJournal#catchUp", "each node catches up its own journal file",
            "io.custos.retention.DestructionExecutor#resume",
            "each batch's run takes its own lock custos-destruction-<id>, so a dead node's batch is taken over",
            "io.custos.backup.Backups#onSchedule", "takes custos-backup-schedule itself (BackupLocks)",
            "io.custos.backup.RestoreDrills#onSchedule", "takes custos-backup-drill-schedule itself (BackupLocks)");

    private static final Pattern NAME = Pattern.compile("custos(-[a-z0-9]+)+");
    /** Above any difference between the nodes' clocks, so a cron slot is taken by one node only. */
    private static final Duration CRON_SLOT = Duration.ofMinutes(1);

    @Test
    void everyScheduledJobRunsOnceAcrossTheNodesOrSaysWhyItRunsOnEachNode() {
        List<Class<?>> classes = mainClasses();
        assertThat(jobs(classes)).as("the scan finds the jobs").hasSizeGreaterThan(EVERY_NODE.size() + 5);

        assertThat(problems(classes)).isEmpty();
    }

    @Test
    void aJobWithoutALockOrAReasonIsReported() {
        assertThat(problems(List.of(Forgotten.class)))
                .singleElement().asString().contains(Forgotten.class.getName() + "#sweep");
        assertThat(problems(List.of(BadlyLocked.class))).hasSize(4).anySatisfy(p -> assertThat(p).contains("kebab"))
                .anySatisfy(p -> assertThat(p).contains("lockAtLeastFor"))
                .anySatisfy(p -> assertThat(p).contains("private"))
                .anySatisfy(p -> assertThat(p).contains("final"));
    }

    // --- the check ---------------------------------------------------------------------------

    /** What is wrong with the scheduled jobs of these classes (and with the list above, for Custos' own). */
    static List<String> problems(List<Class<?>> classes) {
        List<String> problems = new ArrayList<>();
        Map<String, Method> jobs = jobs(classes);
        Map<String, String> names = new HashMap<>();
        jobs.forEach((key, method) -> {
            MergedAnnotations annotations = MergedAnnotations.from(method, SearchStrategy.DIRECT);
            boolean locked = annotations.isPresent(SchedulerLock.class);
            if (locked == EVERY_NODE.containsKey(key)) {
                problems.add(key + (locked ? ": locked, yet listed as running on every node"
                        : ": neither @SchedulerLock nor on the list of jobs that run on every node"));
            }
            if (!locked) {
                return;
            }
            SchedulerLock lock = method.getAnnotation(SchedulerLock.class);
            if (!NAME.matcher(lock.name()).matches()) {
                problems.add(key + ": lock name " + lock.name() + " is not kebab-case starting with custos-");
            }
            String other = names.put(lock.name(), key);
            if (other != null) {
                problems.add(key + ": lock name " + lock.name() + " is also " + other + "'s");
            }
            Duration most;
            Duration least;
            try {
                most = Duration.parse(lock.lockAtMostFor());
                least = Duration.parse(lock.lockAtLeastFor());
            } catch (DateTimeParseException e) {
                problems.add(key + ": lockAtMostFor and lockAtLeastFor are written as ISO-8601 durations (PT10M)");
                return;
            }
            if (least.compareTo(most) >= 0) {
                problems.add(key + ": lockAtLeastFor must stay below lockAtMostFor");
            }
            boolean cron = annotations.stream(Scheduled.class).anyMatch(s -> !s.getString("cron").isEmpty());
            if (cron && least.compareTo(CRON_SLOT) < 0) {
                problems.add(key + ": a cron job's lockAtLeastFor must cover the nodes' clock differences");
            }
            // The lock is an advice on a class proxy: it never sees a final class or a private method.
            if (Modifier.isPrivate(method.getModifiers())) {
                problems.add(key + ": a private method is not proxied");
            }
            if (Modifier.isFinal(method.getDeclaringClass().getModifiers()) || Modifier.isFinal(method.getModifiers())) {
                problems.add(key + ": a final class or method is not proxied");
            }
        });
        boolean custos = classes.stream().anyMatch(c -> c.getName().equals("io.custos.audit.AuditSealer"));
        if (custos) {
            EVERY_NODE.keySet().stream().filter(key -> !jobs.containsKey(key))
                    .forEach(key -> problems.add(key + ": listed as running on every node, but no such job"));
        }
        return problems;
    }

    private static Map<String, Method> jobs(List<Class<?>> classes) {
        Map<String, Method> jobs = new TreeMap<>();
        for (Class<?> type : classes) {
            for (Method method : type.getDeclaredMethods()) {
                MergedAnnotations annotations = MergedAnnotations.from(method, SearchStrategy.DIRECT);
                if (annotations.isPresent(Scheduled.class) || annotations.isPresent(Schedules.class)) {
                    jobs.put(type.getName() + "#" + method.getName(), method);
                }
            }
        }
        return jobs;
    }

    /** Every class of io.custos from the application itself (not its tests). */
    private static List<Class<?>> mainClasses() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return true;
            }
        };
        scanner.addIncludeFilter((reader, factory) -> true);
        Set<Class<?>> classes = new LinkedHashSet<>();
        for (BeanDefinition definition : scanner.findCandidateComponents("io.custos")) {
            try {
                Class<?> type = Class.forName(definition.getBeanClassName(), false,
                        ScheduledJobsTests.class.getClassLoader());
                URL source = type.getProtectionDomain().getCodeSource().getLocation();
                if (!source.toString().contains("test-classes")) {
                    classes.add(type);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException(definition.getBeanClassName(), e);
            }
        }
        return classes.stream().sorted(Comparator.comparing(Class::getName)).toList();
    }

    // --- jobs the check must catch -----------------------------------------------------------

    static class Forgotten {
        @Scheduled(fixedDelay = 60_000)
        void sweep() {
        }
    }

    static final class BadlyLocked {
        @SchedulerLock(name = "Badly_Locked", lockAtMostFor = "PT10M", lockAtLeastFor = "PT10S")
        @Scheduled(cron = "0 0 3 * * *")
        private void daily() {
        }
    }
}
