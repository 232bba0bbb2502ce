package io.custos.customer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The destruction journal (issue 17): every customer destroyed, written to an append-only file
 * outside the database ({@code custos.customer.destruction-journal}, default
 * {@code ./data/journal/destructions.log}). A backup taken before a destruction brings the customer
 * back when it is restored, wrapped data key and all; the journal does not go back with the
 * database, so replaying it ({@code retention.DestructionReplay}) destroys such customers again.
 * <p>
 * <b>Format</b> (part of the backup format): UTF-8 text (in fact ASCII), one JSON object per line,
 * each line ended by a line feed, exactly in this form, these three fields in this order, no spaces:
 * <pre>
 * {"at":"2026-03-01T02:30:00.123456Z","batch":"5b0e7c52-9d1a-4c4e-8f3e-2f7a9c1d0e11","customers":["3b1e…","…"]}
 * </pre>
 * <ul>
 * <li>{@code at}: when the line was written (an ISO 8601 instant in UTC, at most microseconds), right
 * after the commit of the erasure it records;</li>
 * <li>{@code batch}: the destruction batch whose erasure it records; the nil UUID
 * {@code 00000000-0000-0000-0000-000000000000} ({@link #RECONCILED}) on a line written by
 * {@link #reconcile}, which finds customers destroyed in the database without knowing the batch;</li>
 * <li>{@code customers}: 1 to {@value #MAX_CUSTOMERS_PER_LINE} customer ids, lower-case UUIDs.</li>
 * </ul>
 * Ids and a time only, never a value. A customer may be named by more than one line (destroyed again
 * by a replay, or added by a reconciliation that ran while its line was being written); the journal
 * means the union of its lines.
 * <p>
 * Lines are appended and forced to disk, never rewritten; a write cut short is taken back at once when
 * possible. A last line without its line feed is such a write: this node cuts it off at start (its
 * customers come back with the next reconciliation) and readers pass over it ({@link ReadReport#tornTail}).
 * Any other line that is not exactly the form above is damage, reported by its number
 * ({@link Damage}) and never guessed at: the good lines around it are still read.
 * <p>
 * Each node writes its own journal; {@link #reconcile} adds every customer destroyed in the database
 * that this node's journal does not name yet (destroyed by another node, or whose line was lost
 * between the commit and the write), so each node's journal names every destroyed customer after its
 * reconciliation. It runs at start, after the replay, every minute while a write has failed, and
 * before each backup.
 */
@Service
public class DestructionJournal {

    /** The batch of a line written by {@link #reconcile}: the nil UUID. */
    public static final UUID RECONCILED = new UUID(0L, 0L);
    /** The most customers one line names. */
    public static final int MAX_CUSTOMERS_PER_LINE = 1000;
    /** A whole line of {@value #MAX_CUSTOMERS_PER_LINE} customers is about 39,100 characters. */
    static final int MAX_LINE = 48 * 1024;
    /** Damaged lines described in a {@link ReadReport}; all are counted. */
    static final int DAMAGE_KEPT = 100;

    private static final Logger LOG = LoggerFactory.getLogger(DestructionJournal.class);
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final List<String> FIELDS = List.of("at", "batch", "customers");
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final Path file;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Object appending = new Object();
    private final ReentrantLock reconciling = new ReentrantLock();
    private volatile boolean behind;

    DestructionJournal(JournalProperties properties, JdbcClient jdbc, Clock clock) {
        this.file = properties.destructionJournal();
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One line: the customers a batch erased (or reconciliation found destroyed), and when it was written. */
    public record Entry(Instant at, UUID batch, List<UUID> customers) {

        public Entry {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(batch, "batch");
            customers = List.copyOf(customers);
            if (customers.isEmpty() || customers.size() > MAX_CUSTOMERS_PER_LINE) {
                throw new IllegalArgumentException("A journal line names 1 to " + MAX_CUSTOMERS_PER_LINE + " customers");
            }
        }

        /** Written by {@link #reconcile}: the batch is not known. */
        public boolean reconciled() {
            return RECONCILED.equals(batch);
        }
    }

    /** A line that is not an entry: the file was damaged or altered. The reason never quotes the line. */
    public record Damage(Path file, long line, String reason) {
    }

    /**
     * What reading one journal file found.
     *
     * @param entries the whole, well-formed lines read
     * @param customers the customer ids they name (a customer named twice counts twice)
     * @param damagedLines the lines that are not entries, all counted
     * @param damage the first {@value #DAMAGE_KEPT} of them
     * @param tornTail whether the file ends in a line without its line feed (a write cut short), passed over
     */
    public record ReadReport(Path file, long entries, long customers, long damagedLines, List<Damage> damage,
            boolean tornTail) {

        public ReadReport {
            damage = List.copyOf(damage);
        }
    }

    /**
     * What {@link #reconcile} did.
     *
     * @param journaled the distinct customers the journal named before
     * @param destroyed the customers destroyed in the database
     * @param appended those of them the journal did not name, now appended
     * @param damagedLines damaged lines found in the journal (their customers, if destroyed, were appended again)
     */
    public record Reconciliation(long journaled, long destroyed, long appended, long damagedLines) {
    }

    /** The journal file this node writes. */
    public Path file() {
        return file;
    }

    /** Whether a write has failed since the last reconciliation: some destroyed customers may be missing from the journal. */
    public boolean behind() {
        return behind;
    }

    /**
     * At start, before anything reads or writes the journal: a last line cut off by a crash, a power
     * cut or a full disk is removed, so the next line starts on a line of its own. Its customers are
     * destroyed in the database, so the reconciliation at start writes them again.
     */
    @PostConstruct
    void open() {
        try {
            long cut = cutTornTail(file);
            if (cut > 0) {
                LOG.warn("Destruction journal {}: cut off a last line left unfinished ({} bytes); the reconciliation "
                        + "at start writes its customers again", file, cut);
                behind = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the destruction journal " + file, e);
        }
    }

    // --- writing -----------------------------------------------------------------------------

    /**
     * After the commit of the caller's transaction (and never after a rollback), appends the customers
     * erased in it. A write that fails is logged, ids only, and leaves the journal behind until a
     * reconciliation adds them: the destruction itself stands.
     */
    void recordAfterCommit(UUID batch, Collection<UUID> customers) {
        List<UUID> ids = List.copyOf(customers);
        if (ids.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            appendOrReport(batch, ids);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                appendOrReport(batch, ids);
            }
        });
    }

    private void appendOrReport(UUID batch, List<UUID> ids) {
        try {
            append(batch, ids);
        } catch (RuntimeException e) {
            behind = true;
            LOG.error("Destruction journal {}: batch {} destroyed customers {}, which could not be written to the "
                    + "journal; reconciliation adds them (every minute until it succeeds, at start, before each "
                    + "backup)", file, batch, ids, e);
        }
    }

    /**
     * Appends lines of at most {@value #MAX_CUSTOMERS_PER_LINE} customers, forced to disk. A write that
     * fails half way is taken back, so the file never holds part of a line with more written after it.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    void append(UUID batch, Collection<UUID> customers) {
        List<UUID> ids = List.copyOf(customers);
        if (ids.isEmpty()) {
            return;
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        StringBuilder lines = new StringBuilder();
        for (int from = 0; from < ids.size(); from += MAX_CUSTOMERS_PER_LINE) {
            lines.append(format(new Entry(at, batch, ids.subList(from, Math.min(ids.size(),
                    from + MAX_CUSTOMERS_PER_LINE))))).append('\n');
        }
        synchronized (appending) {
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
                    long size = channel.size();
                    if (!io.custos.shared.LineFiles.endsWithWholeLine(channel)) {
                        // Left by a write whose taking back failed too: cut it, and let reconciliation restore its ids.
                        long cut = io.custos.shared.LineFiles.cutTornTail(channel);
                        size -= cut;
                        behind = true;
                        LOG.warn("Destruction journal {}: cut off an unfinished last line ({} bytes) before appending",
                                file, cut);
                    }
                    io.custos.shared.LineFiles.appendWhole(channel, size,
                            lines.toString().getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot append to the destruction journal " + file, e);
            }
        }
    }

    // --- reconciliation ----------------------------------------------------------------------

    /**
     * Appends every customer destroyed in the database that the journal does not name, in lines whose
     * batch is {@link #RECONCILED}. This closes the window between an erasure's commit and its line
     * (a crash, a full disk), and brings into this node's journal the customers other nodes destroyed.
     * Runs at start after the replay, every minute while a write has failed, and should run before
     * each backup and before any restore, while the database still knows every destruction. Memory:
     * the journal's distinct customers, 32 to 64 bytes each.
     *
     * @throws UncheckedIOException when the journal cannot be read or written; it stays {@link #behind}
     */
    public Reconciliation reconcile() {
        reconciling.lock();
        try {
            behind = false;
            IdSet journaled = new IdSet();
            boolean existed = Files.exists(file);
            ReadReport report = existed ? read(file, entry -> entry.customers().forEach(journaled::add))
                    : new ReadReport(file, 0, 0, 0, List.of(), false);
            if (report.damagedLines() > 0) {
                LOG.error("Destruction journal {}: {} damaged line(s), first at line {} ({}); destroyed customers they "
                        + "named are written again", file, report.damagedLines(), report.damage().get(0).line(),
                        report.damage().get(0).reason());
            }
            long destroyed = 0;
            long appended = 0;
            List<UUID> missing = new ArrayList<>();
            UUID after = null;
            while (true) {
                List<UUID> page = after == null
                        ? jdbc.sql("select id from customer where destroyed_at is not null order by id limit "
                                + MAX_CUSTOMERS_PER_LINE).query(UUID.class).list()
                        : jdbc.sql("select id from customer where destroyed_at is not null and id > ? order by id limit "
                                + MAX_CUSTOMERS_PER_LINE).param(after).query(UUID.class).list();
                for (UUID id : page) {
                    destroyed++;
                    if (!journaled.contains(id)) {
                        missing.add(id);
                    }
                }
                if (missing.size() >= MAX_CUSTOMERS_PER_LINE) {
                    append(RECONCILED, missing);
                    appended += missing.size();
                    missing.clear();
                }
                if (page.size() < MAX_CUSTOMERS_PER_LINE) {
                    break;
                }
                after = page.get(page.size() - 1);
            }
            append(RECONCILED, missing);
            appended += missing.size();
            if (appended > 0 && report.entries() == 0) {
                LOG.warn("Destruction journal {} was {} while the database holds {} destroyed customer(s); it names them "
                        + "now. If this database came back from a backup, customers destroyed after that backup are "
                        + "known only to the journal of the machine Custos ran on: copy it here and replay it "
                        + "(docs/operations.md, \"Destruction journal\")", file, existed ? "empty" : "missing",
                        destroyed);
            } else if (appended > 0) {
                LOG.info("Destruction journal {}: reconciliation added {} destroyed customer(s) it did not name", file,
                        appended);
            }
            return new Reconciliation(journaled.size(), destroyed, appended, report.damagedLines());
        } catch (IOException e) {
            behind = true;
            throw new UncheckedIOException("Cannot read the destruction journal " + file, e);
        } catch (RuntimeException e) {
            behind = true;
            throw e;
        } finally {
            reconciling.unlock();
        }
    }

    /** While a write has failed, tries every minute to bring the journal up to date. */
    // On every node, no @SchedulerLock: it catches up this node's own journal file (issue 23).
    @Scheduled(initialDelay = 1, fixedDelay = 1, timeUnit = TimeUnit.MINUTES)
    void catchUp() {
        if (!behind) {
            return;
        }
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.error("Destruction journal {} is still behind the database; trying again in a minute", file, e);
        }
    }

    // --- reading -----------------------------------------------------------------------------

    /**
     * Reads the journal files in order (this node's, others', copies kept with a backup), giving each
     * whole entry to {@code each}. Files are never changed by reading.
     *
     * @throws java.nio.file.NoSuchFileException for a file that does not exist
     */
    public List<ReadReport> read(List<Path> files, Consumer<Entry> each) throws IOException {
        List<ReadReport> reports = new ArrayList<>(files.size());
        for (Path path : files) {
            reports.add(read(path, each));
        }
        return reports;
    }

    /**
     * Reads one journal file in file order, giving each whole entry to {@code each}; damaged lines are
     * counted and described, and reading goes on after them. A last line without its line feed is
     * passed over ({@link ReadReport#tornTail}). Memory stays bounded by one line whatever the file.
     *
     * @throws java.nio.file.NoSuchFileException for a file that does not exist
     */
    public ReadReport read(Path path, Consumer<Entry> each) throws IOException {
        byte[] line = new byte[MAX_LINE];
        int length = 0;
        boolean tooLong = false;
        long number = 0;
        long entries = 0;
        long customers = 0;
        long damaged = 0;
        List<Damage> damage = new ArrayList<>();
        byte[] chunk = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(path)) {
            int read;
            while ((read = in.read(chunk)) != -1) {
                for (int i = 0; i < read; i++) {
                    byte b = chunk[i];
                    if (b != '\n') {
                        if (length < MAX_LINE) {
                            line[length++] = b;
                        } else {
                            tooLong = true;
                        }
                        continue;
                    }
                    number++;
                    try {
                        if (tooLong) {
                            throw new Malformed("longer than " + MAX_LINE + " characters");
                        }
                        Entry entry = parseLine(line, length);
                        entries++;
                        customers += entry.customers().size();
                        each.accept(entry);
                    } catch (Malformed m) {
                        damaged++;
                        if (damage.size() < DAMAGE_KEPT) {
                            damage.add(new Damage(path, number, m.getMessage()));
                        }
                    }
                    length = 0;
                    tooLong = false;
                }
            }
        }
        return new ReadReport(path, entries, customers, damaged, damage, length > 0 || tooLong);
    }

    /** A line that is not an entry; the message says why without quoting it. */
    static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    static Entry parseLine(byte[] bytes, int length) throws Malformed {
        for (int i = 0; i < length; i++) {
            if (bytes[i] < 0x20 || bytes[i] > 0x7e) {
                throw new Malformed("not printable ASCII");
            }
        }
        return parseLine(new String(bytes, 0, length, StandardCharsets.US_ASCII));
    }

    static Entry parseLine(String text) throws Malformed {
        if (text.length() > MAX_LINE) {
            throw new Malformed("longer than " + MAX_LINE + " characters");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new Malformed("not JSON");
        }
        if (node == null || !node.isObject() || node.size() != FIELDS.size()) {
            throw new Malformed("not a journal entry");
        }
        for (String field : FIELDS) {
            if (!node.has(field)) {
                throw new Malformed("missing " + field);
            }
        }
        Instant at;
        try {
            at = Instant.parse(text(node, "at"));
        } catch (DateTimeParseException e) {
            throw new Malformed("bad time");
        }
        UUID batch = uuid(text(node, "batch"), "bad batch id");
        JsonNode list = node.get("customers");
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_CUSTOMERS_PER_LINE) {
            throw new Malformed("customers is not a list of 1 to " + MAX_CUSTOMERS_PER_LINE + " ids");
        }
        List<UUID> customers = new ArrayList<>(list.size());
        for (JsonNode id : list) {
            if (!id.isString()) {
                throw new Malformed("bad customer id");
            }
            customers.add(uuid(id.asString(), "bad customer id"));
        }
        Entry entry = new Entry(at, batch, customers);
        if (!format(entry).equals(text)) {
            throw new Malformed("not in the journal's exact form");
        }
        return entry;
    }

    static String format(Entry entry) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", entry.at().toString());
        line.put("batch", entry.batch().toString());
        line.put("customers", entry.customers().stream().map(UUID::toString).toList());
        return JSON.writeValueAsString(line);
    }

    private static String text(JsonNode node, String field) throws Malformed {
        JsonNode value = node.get(field);
        if (!value.isString()) {
            throw new Malformed(field + " is not a string");
        }
        return value.asString();
    }

    private static UUID uuid(String text, String reason) throws Malformed {
        if (!UUID_TEXT.matcher(text).matches()) {
            throw new Malformed(reason);
        }
        return UUID.fromString(text);
    }

    // --- the file ----------------------------------------------------------------------------

    /** Cuts off a last line that has no line feed; returns the bytes removed. */
    static long cutTornTail(Path path) throws IOException {
        return io.custos.shared.LineFiles.cutTornTail(path);
    }
}
