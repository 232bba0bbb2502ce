package io.custos.customer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;

import io.custos.access.AccessAction;
import io.custos.access.AccessDecision;
import io.custos.access.AccessPolicy;
import io.custos.access.DecisionFacts;
import io.custos.access.FieldDecision;
import io.custos.access.FieldOutcome;
import io.custos.access.FieldRef;
import io.custos.access.Person;
import io.custos.access.PolicyDecisionPoint;
import io.custos.access.ShippedPolicy;
import io.custos.access.Subject;
import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditOutcome;
import io.custos.consent.ConsentState;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.shared.Sensitivity;
import io.custos.training.GateAnswer;

/**
 * The in-process part of a reveal, one thread (issue "Benchmarks"): the policy decision alone; the
 * decision with three decryptions (Tink AES256-GCM with the customer's key already unwrapped, bound
 * to customer and field as {@code DataKeys} does), the masks and the three audit events built; and
 * a blind index (the HMAC-SHA256 PRF {@code BlindIndex} computes). Database and HTTP are measured
 * by bench/run.sh against their raw limits.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RevealCoreBenchmark {

    static final List<String> FIELDS = List.of("phone", "email", "address");
    static final String PURPOSE = "AFTER_SALES";

    AccessPolicy policy;
    Person owner;
    Subject subject;
    List<FieldRef> refs;
    DecisionFacts facts;
    Aead aead;
    PrfSet prf;
    byte[][] ciphertexts;
    byte[][] associated;
    Actor actor;
    Mac mac;
    byte[][] canonicalEvents;

    @Setup
    public void setUp() throws Exception {
        AeadConfig.register();
        PrfConfig.register();
        policy = ShippedPolicy.policy();
        UUID ownerId = UUID.randomUUID();
        UUID department = UUID.randomUUID();
        owner = new Person(ownerId, EnumSet.of(Role.EMPLOYEE), department, EmployeeStatus.ACTIVE);
        subject = new Subject(UUID.randomUUID(), ownerId, department);
        refs = FIELDS.stream().map(f -> new FieldRef(f, Sensitivity.L3)).toList();
        ConsentState consent = new ConsentState(subject.customerId(), 1, Set.of("SALES_FOLLOW_UP", PURPOSE), true,
                false, Instant.EPOCH);
        GateAnswer pass = new GateAnswer(true, null, List.of());
        Map<String, Set<String>> needs = Map.of(PURPOSE, Set.of("companyName", "contactName", "phone", "email",
                "address", "transactionNotes"));
        facts = new DecisionFacts() {
            @Override
            public @Nullable ConsentState consent() {
                return consent;
            }

            @Override
            public GateAnswer gate() {
                return pass;
            }

            @Override
            public Set<String> fieldsOf(String purpose) {
                return needs.getOrDefault(purpose, Set.of());
            }
        };
        aead = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
        prf = KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF)
                .getPrimitive(RegistryConfiguration.get(), PrfSet.class);
        List<String> values = List.of("+86 139 2468 1357", "li.ming@example-trade.cn", "北京市朝阳区建国路 88 号");
        ciphertexts = new byte[3][];
        associated = new byte[3][];
        for (int i = 0; i < 3; i++) {
            associated[i] = (subject.customerId() + ":" + FIELDS.get(i)).getBytes(StandardCharsets.UTF_8);
            ciphertexts[i] = aead.encrypt(values.get(i).getBytes(StandardCharsets.UTF_8), associated[i]);
        }
        actor = new Actor(Actor.ActorType.EMPLOYEE, ownerId, "bench.owner");
        MacConfig.register();
        mac = KeysetHandle.generateNew(PredefinedMacParameters.HMAC_SHA256_128BITTAG)
                .getPrimitive(RegistryConfiguration.get(), Mac.class);
        // The size of a reveal event's canonical encoding: ids, codes, the details as JSON.
        canonicalEvents = new byte[3][];
        for (int i = 0; i < 3; i++) {
            canonicalEvents[i] = ("custos-audit-tag/v1 node-1 " + UUID.randomUUID() + " 1767600000000000 DATA "
                    + "customer.field.revealed ALLOWED EMPLOYEE " + ownerId + " bench.owner customer "
                    + subject.customerId() + " " + PURPOSE + " 127.0.0.1 " + UUID.randomUUID()
                    + " {\"field\":\"" + FIELDS.get(i) + "\",\"policyVersion\":3,\"rule\":\"owner-l3\","
                    + "\"reason\":\"allowed\"}").getBytes(StandardCharsets.UTF_8);
        }
    }

    @Benchmark
    public AccessDecision policyDecision() {
        return PolicyDecisionPoint.decide(policy, owner, subject, false, AccessAction.REVEAL, PURPOSE, refs, facts);
    }

    @Benchmark
    public void decisionDecryptMaskAndEvents(Blackhole hole) throws Exception {
        AccessDecision decision = PolicyDecisionPoint.decide(policy, owner, subject, false, AccessAction.REVEAL,
                PURPOSE, refs, facts);
        FieldKind[] kinds = {FieldKind.PHONE, FieldKind.EMAIL, FieldKind.TEXT};
        for (int i = 0; i < 3; i++) {
            FieldDecision field = decision.fields().get(FIELDS.get(i));
            String clear = new String(aead.decrypt(ciphertexts[i], associated[i]), StandardCharsets.UTF_8);
            hole.consume(field.outcome() == FieldOutcome.SHOW ? clear : kinds[i].mask(clear));
            hole.consume(AuditEvent.of(AuditCategory.DATA, "customer.field.revealed", AuditOutcome.ALLOWED)
                    .actor(actor).target("customer", subject.customerId()).purpose(PURPOSE)
                    .detail("field", field.field()).detail("policyVersion", decision.policyVersion())
                    .detail("rule", field.rule()).detail("reason", field.reason().code()).build());
        }
    }

    /**
     * What tagging adds to a reveal's three events (issue 13.7): a Tink HMAC-SHA256 MAC with a 128-bit
     * tag over each event's canonical bytes, as {@code EventTags} computes it on the writer's thread.
     */
    @Benchmark
    public void threeEventTags(Blackhole hole) throws Exception {
        for (byte[] event : canonicalEvents) {
            hole.consume(mac.computeMac(event));
        }
    }

    @Benchmark
    public String blindIndex() throws Exception {
        return HexFormat.of().formatHex(prf.computePrimary("phone:8613924681357".getBytes(StandardCharsets.UTF_8),
                16));
    }
}
