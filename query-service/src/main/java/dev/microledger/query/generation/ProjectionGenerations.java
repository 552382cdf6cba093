package dev.microledger.query.generation;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps track of the generations of the projection tables in two small control tables in the
 * application's own schema: {@code projection_generation} says which generation is live and which
 * one is being built, {@code projection_rebuild_offset} how far the rebuild has read each partition
 * (written in the rebuild's own transactions, so a restarted rebuild resumes exactly there).
 *
 * <p>Every generation's tables are created by the same Flyway migrations, run on the generation's
 * schema: a table that a later migration adds is part of every generation, and of every rebuild,
 * without a line of code for it.
 */
@Component
public class ProjectionGenerations implements FlywayMigrationStrategy {

    private static final Logger log = LoggerFactory.getLogger(ProjectionGenerations.class);

    static final String GENERATION_TABLE = "projection_generation";
    static final String OFFSET_TABLE = "projection_rebuild_offset";
    /** Tables of the application's schema that belong to no generation and are never dropped with one. */
    static final Set<String> CONTROL_TABLES = Set.of(GENERATION_TABLE, OFFSET_TABLE);
    /** PostgreSQL's limit on the length of identifiers, schema names among them. */
    static final int SCHEMA_NAME_LENGTH_MAX = 63;
    static final int FAILURE_LENGTH_MAX = 1000;
    /** A partition count far above any the ledger's topic will have, so a broken offset table cannot grow a rebuild's memory. */
    static final int PARTITIONS_MAX = 10_000;

    enum State { LIVE, BUILDING, RETIRED, FAILED }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final GenerationDataSource dataSource;
    private final Clock clock;

    private volatile String baseSchema;
    private volatile Flyway flyway;

    /**
     * Works on the data source itself rather than on the application's JdbcTemplate: that one waits
     * for the migrations, which this class runs. Both use the same data source, so the offsets written
     * here join the rebuild's transaction.
     */
    ProjectionGenerations(DataSource dataSource, Clock clock) throws SQLException {
        this.dataSource = dataSource.unwrap(GenerationDataSource.class);
        this.jdbc = new JdbcTemplate(this.dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
        this.clock = clock;
    }

    /** Spring Boot hands its configured Flyway here instead of migrating the application's schema itself. */
    @Override
    public void migrate(Flyway configured) {
        initialize(configured);
    }

    /**
     * Runs at start-up, before anything reads a projection: creates the control tables, registers the
     * application's schema as generation 1 on the first start (which is where the tables of a database
     * made before generations existed already are), brings the live generation and a rebuild's
     * generation up to the newest migration, drops what retired generations left behind, and points
     * the data source at the live generation.
     *
     * @param configured Flyway as Spring Boot configured it from {@code spring.flyway.*}
     */
    void initialize(Flyway configured) {
        flyway = configured;
        baseSchema = resolveBaseSchema(configured);
        // Flyway will not migrate a schema that holds tables but no history of its own, so on the first
        // start the first generation's tables are created before the control tables join them.
        if (!controlTablesExist()) {
            migrate(new ProjectionGeneration(1, baseSchema));
            createControlTables();
        }
        ProjectionGeneration live = findLive().orElseGet(this::registerFirstGeneration);
        migrate(live);
        Optional<ProjectionGeneration> building = findBuilding();
        building.ifPresent(this::migrate);
        dropRetired();
        pointViewsAt(live);
        dataSource.switchLiveSchema(live.schema());
        log.info("Projection generation {} (schema {}) is live{}", live.number(), live.schema(),
                building.map(generation -> "; generation " + generation.number() + " is being rebuilt").orElse(""));
    }

    public ProjectionGeneration live() {
        return findLive().orElseThrow(() -> new IllegalStateException("no projection generation is live"));
    }

    public Optional<ProjectionGeneration> building() {
        return findBuilding();
    }

    /** The data source that points connections at a generation. */
    public GenerationDataSource dataSource() {
        return dataSource;
    }

    /**
     * Registers the next generation as being built. Only one can be: this is what refuses a second
     * rebuild, also one started by another instance on the same database.
     *
     * @param manualSwitch whether the rebuild, once caught up, waits for an operator to switch
     * @throws IllegalStateException when a generation is already being built
     */
    public ProjectionGeneration registerRebuild(boolean manualSwitch) {
        return transactions.execute(status -> {
            Optional<ProjectionGeneration> building = findBuilding();
            if (building.isPresent()) {
                throw new IllegalStateException("generation " + building.get().number() + " is being built already");
            }
            Long highest = jdbc.queryForObject("SELECT MAX(generation) FROM " + control(GENERATION_TABLE), Long.class);
            long number = (highest == null ? 0 : highest) + 1;
            ProjectionGeneration generation = new ProjectionGeneration(number, schemaName(number));
            jdbc.update("INSERT INTO " + control(GENERATION_TABLE)
                            + " (generation, schema_name, state, created_at, manual_switch) VALUES (?, ?, ?, ?, ?)",
                    generation.number(), generation.schema(), State.BUILDING.name(), now(), manualSwitch);
            return generation;
        });
    }

    /** Whether the rebuild of {@code generation} waits for an operator before it switches. */
    public boolean manualSwitch(ProjectionGeneration generation) {
        Boolean manual = jdbc.queryForObject("SELECT manual_switch FROM " + control(GENERATION_TABLE)
                + " WHERE generation = ?", Boolean.class, generation.number());
        return Boolean.TRUE.equals(manual);
    }

    /** Creates a registered generation's tables, empty, in a schema of its own. */
    public void createTables(ProjectionGeneration generation) {
        // A schema of that name can only be the remains of an attempt that crashed before its row
        // was written; nothing of it is worth keeping.
        dropSchema(generation.schema());
        migrate(generation);
    }

    /** The rebuild's offsets per partition, as committed with its last transaction. */
    public Map<Integer, Long> rebuildOffsets(ProjectionGeneration generation) {
        Map<Integer, Long> offsets = new HashMap<>();
        jdbc.query("SELECT partition_id, next_offset FROM " + control(OFFSET_TABLE) + " WHERE generation = ?"
                        + " ORDER BY partition_id LIMIT " + PARTITIONS_MAX,
                row -> {
                    offsets.put(row.getInt("partition_id"), row.getLong("next_offset"));
                }, generation.number());
        return offsets;
    }

    /**
     * Records how far the rebuild has read; call it inside the transaction that wrote the records
     * before those offsets, so the two commit together or not at all.
     */
    public void saveRebuildOffsets(ProjectionGeneration generation, Map<Integer, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        List<Object[]> updates = new ArrayList<>(nextOffsets.size());
        nextOffsets.forEach((partition, offset) -> updates.add(new Object[] {offset, generation.number(), partition}));
        int[] counts = jdbc.batchUpdate("UPDATE " + control(OFFSET_TABLE)
                + " SET next_offset = ? WHERE generation = ? AND partition_id = ?", updates);
        List<Object[]> inserts = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                Object[] update = updates.get(i);
                inserts.add(new Object[] {update[1], update[2], update[0]});
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO " + control(OFFSET_TABLE)
                    + " (generation, partition_id, next_offset) VALUES (?, ?, ?)", inserts);
        }
    }

    /**
     * Makes {@code next} the live generation: one transaction retires the old one and sets the new
     * one live, then new connections go to the new schema. The caller has made sure the new
     * generation holds everything the old one held.
     *
     * @return the generation that was live until now
     */
    public ProjectionGeneration switchTo(ProjectionGeneration next) {
        ProjectionGeneration previous = live();
        try {
            transactions.executeWithoutResult(status -> {
                int retired = jdbc.update("UPDATE " + control(GENERATION_TABLE)
                                + " SET state = ?, finished_at = ? WHERE generation = ? AND state = ?",
                        State.RETIRED.name(), now(), previous.number(), State.LIVE.name());
                int promoted = jdbc.update("UPDATE " + control(GENERATION_TABLE)
                                + " SET state = ?, finished_at = ? WHERE generation = ? AND state = ?",
                        State.LIVE.name(), now(), next.number(), State.BUILDING.name());
                if (retired != 1 || promoted != 1) {
                    throw new IllegalStateException("generation " + next.number() + " is no longer being built or "
                            + "generation " + previous.number() + " is no longer live");
                }
                jdbc.update("DELETE FROM " + control(OFFSET_TABLE) + " WHERE generation = ?", next.number());
            });
        } catch (RuntimeException e) {
            // A commit whose answer was lost may still have happened; the table says which.
            if (!findLive().map(live -> live.number() == next.number()).orElse(false)) {
                throw e;
            }
            log.warn("The switch to generation {} reported a failure but was committed: {}", next.number(), e.getMessage());
        }
        dataSource.switchLiveSchema(next.schema());
        pointViewsAt(next);
        return previous;
    }

    /**
     * Refreshes PostgreSQL's statistics of a generation's tables. A rebuild grows them from nothing
     * faster than autovacuum looks at them; planned with the statistics of empty tables, its lookups
     * by key would read whole tables.
     */
    public void analyze(ProjectionGeneration generation) {
        for (Relation table : relations(generation.schema())) {
            if (!table.view()) {
                jdbc.execute("ANALYZE " + quote(generation.schema()) + "." + quote(table.name()));
            }
        }
    }

    /** Marks a rebuild failed, with the reason, and drops what it had built. The live generation is untouched. */
    public void fail(ProjectionGeneration generation, String reason) {
        String failure = reason == null ? "unknown" : reason;
        if (failure.length() > FAILURE_LENGTH_MAX) {
            failure = failure.substring(0, FAILURE_LENGTH_MAX);
        }
        String recorded = failure;
        transactions.executeWithoutResult(status -> {
            jdbc.update("UPDATE " + control(GENERATION_TABLE)
                            + " SET state = ?, finished_at = ?, failure = ? WHERE generation = ? AND state = ?",
                    State.FAILED.name(), now(), recorded, generation.number(), State.BUILDING.name());
            jdbc.update("DELETE FROM " + control(OFFSET_TABLE) + " WHERE generation = ?", generation.number());
        });
        dropQuietly(generation);
    }

    /**
     * Drops a generation that is not live any more. Failing (a reader still holding a table, say) is
     * logged and left to the next start-up or rebuild, which drop whatever retired generations left.
     *
     * @return whether it was dropped
     */
    public boolean dropQuietly(ProjectionGeneration generation) {
        try {
            drop(generation);
            return true;
        } catch (DataAccessException e) {
            log.warn("Could not drop the tables of projection generation {} (schema {}) yet; the next start or rebuild "
                    + "drops them: {}", generation.number(), generation.schema(), e.getMessage());
            return false;
        }
    }

    private void drop(ProjectionGeneration generation) {
        if (findLive().map(live -> live.number() == generation.number()).orElse(false)) {
            throw new IllegalStateException("generation " + generation.number() + " is live");
        }
        if (generation.schema().equals(baseSchema)) {
            dropProjectionTablesOfBaseSchema();
        } else {
            dropSchema(generation.schema());
        }
        jdbc.update("UPDATE " + control(GENERATION_TABLE) + " SET dropped_at = ? WHERE generation = ?",
                now(), generation.number());
        log.info("Dropped the tables of projection generation {} (schema {})", generation.number(), generation.schema());
    }

    private void dropRetired() {
        List<ProjectionGeneration> leftovers = jdbc.query("SELECT generation, schema_name FROM " + control(GENERATION_TABLE)
                        + " WHERE state IN (?, ?) AND dropped_at IS NULL ORDER BY generation LIMIT 100",
                (row, rowNumber) -> new ProjectionGeneration(row.getLong("generation"), row.getString("schema_name")),
                State.RETIRED.name(), State.FAILED.name());
        leftovers.forEach(this::dropQuietly);
    }

    private void migrate(ProjectionGeneration generation) {
        Flyway configured = flyway;
        Flyway forSchema = Flyway.configure(configured.getConfiguration().getClassLoader())
                .configuration(configured.getConfiguration())
                .schemas(generation.schema())
                .defaultSchema(generation.schema())
                .createSchemas(true)
                .load();
        forSchema.migrate();
    }

    private void dropSchema(String schema) {
        jdbc.execute("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE");
    }

    /**
     * The first generation shares the application's schema with the control tables, so it is
     * dropped table by table: every table of the schema but the control tables. In their place come
     * views of the live generation's tables, in the same transaction.
     */
    private void dropProjectionTablesOfBaseSchema() {
        ProjectionGeneration live = live();
        transactions.executeWithoutResult(status -> {
            for (Relation relation : relations(baseSchema)) {
                if (CONTROL_TABLES.contains(relation.name().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                jdbc.execute("DROP " + (relation.view() ? "VIEW" : "TABLE") + " IF EXISTS " + quote(baseSchema) + "."
                        + quote(relation.name()) + " CASCADE");
            }
            createViews(live, false);
        });
    }

    /**
     * Clients that read the projection with SQL (analysts, see projections.md) know its tables by the
     * application's schema. Once the first generation's tables are gone from it, that schema holds a
     * view of each table of the live generation, pointed anew at every switch, so such clients keep
     * their queries and their grants. A name the first generation's table still holds is left alone:
     * the view takes its place when that table is dropped.
     */
    void pointViewsAt(ProjectionGeneration live) {
        if (live.schema().equals(baseSchema)) {
            return;
        }
        try {
            transactions.executeWithoutResult(status -> createViews(live, false));
        } catch (DataAccessException e) {
            // A view whose columns changed (a migration altered its table) cannot be replaced in place.
            try {
                transactions.executeWithoutResult(status -> createViews(live, true));
            } catch (DataAccessException again) {
                log.warn("Could not point the views of schema {} at generation {}; readers of that schema see the "
                        + "previous generation until the next start: {}", baseSchema, live.number(), again.getMessage());
            }
        }
    }

    private void createViews(ProjectionGeneration live, boolean dropFirst) {
        Map<String, Relation> existing = new HashMap<>();
        for (Relation relation : relations(baseSchema)) {
            existing.put(relation.name().toLowerCase(Locale.ROOT), relation);
        }
        Set<String> wanted = new java.util.HashSet<>();
        for (Relation table : relations(live.schema())) {
            String key = table.name().toLowerCase(Locale.ROOT);
            if (table.view() || key.equals("flyway_schema_history")) {
                continue;
            }
            wanted.add(key);
            Relation present = existing.get(key);
            if (present != null && !present.view()) {
                continue;
            }
            String view = quote(baseSchema) + "." + quote(table.name());
            if (present != null && dropFirst) {
                jdbc.execute("DROP VIEW IF EXISTS " + view);
            }
            jdbc.execute((present != null && !dropFirst ? "CREATE OR REPLACE VIEW " : "CREATE VIEW ") + view
                    + " AS SELECT * FROM " + quote(live.schema()) + "." + quote(table.name()));
        }
        for (Relation relation : existing.values()) {
            if (relation.view() && !wanted.contains(relation.name().toLowerCase(Locale.ROOT))) {
                jdbc.execute("DROP VIEW IF EXISTS " + quote(baseSchema) + "." + quote(relation.name()));
            }
        }
    }

    private List<Relation> relations(String schema) {
        return jdbc.query("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = ?"
                        + " ORDER BY table_type DESC, table_name LIMIT 10000",
                (row, rowNumber) -> new Relation(row.getString(1),
                        row.getString(2).toUpperCase(Locale.ROOT).contains("VIEW")), schema);
    }

    private record Relation(String name, boolean view) {
    }

    private Optional<ProjectionGeneration> findLive() {
        return find(State.LIVE);
    }

    private Optional<ProjectionGeneration> findBuilding() {
        return find(State.BUILDING);
    }

    private Optional<ProjectionGeneration> find(State state) {
        List<ProjectionGeneration> found = jdbc.query("SELECT generation, schema_name FROM " + control(GENERATION_TABLE)
                        + " WHERE state = ? ORDER BY generation DESC LIMIT 2",
                (row, rowNumber) -> new ProjectionGeneration(row.getLong("generation"), row.getString("schema_name")),
                state.name());
        if (found.size() > 1) {
            throw new IllegalStateException("more than one projection generation is " + state + ": " + found);
        }
        return found.stream().findFirst();
    }

    private ProjectionGeneration registerFirstGeneration() {
        ProjectionGeneration first = new ProjectionGeneration(1, baseSchema);
        jdbc.update("INSERT INTO " + control(GENERATION_TABLE)
                        + " (generation, schema_name, state, created_at, finished_at) VALUES (?, ?, ?, ?, ?)",
                first.number(), first.schema(), State.LIVE.name(), now(), now());
        return first;
    }

    private boolean controlTablesExist() {
        Integer found = jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables"
                + " WHERE table_schema = ? AND LOWER(table_name) = ?", Integer.class, baseSchema, GENERATION_TABLE);
        return found != null && found > 0;
    }

    private void createControlTables() {
        jdbc.execute("CREATE SCHEMA IF NOT EXISTS " + quote(baseSchema));
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + control(GENERATION_TABLE) + " ("
                + " generation  BIGINT        NOT NULL,"
                + " schema_name VARCHAR(128)  NOT NULL,"
                + " state       VARCHAR(16)   NOT NULL,"
                + " created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,"
                + " finished_at TIMESTAMP(6) WITH TIME ZONE,"
                + " dropped_at  TIMESTAMP(6) WITH TIME ZONE,"
                + " failure     VARCHAR(" + FAILURE_LENGTH_MAX + "),"
                + " manual_switch BOOLEAN DEFAULT FALSE NOT NULL,"
                + " CONSTRAINT projection_generation_pk PRIMARY KEY (generation))");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + control(OFFSET_TABLE) + " ("
                + " generation   BIGINT  NOT NULL,"
                + " partition_id INTEGER NOT NULL,"
                + " next_offset  BIGINT  NOT NULL,"
                + " CONSTRAINT projection_rebuild_offset_pk PRIMARY KEY (generation, partition_id))");
    }

    /**
     * The schema the application's connections start in, where Flyway has always put the
     * projection tables: {@code spring.flyway.default-schema} when set, else the connection's own.
     */
    private String resolveBaseSchema(Flyway configured) {
        String schema = configured.getConfiguration().getDefaultSchema();
        if (schema == null || schema.isBlank()) {
            try (Connection connection = configured.getConfiguration().getDataSource().getConnection()) {
                schema = connection.getSchema();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the database's current schema", e);
            }
        }
        if (schema == null || schema.isBlank()) {
            throw new IllegalStateException("the database connection has no current schema; set spring.flyway.default-schema");
        }
        if (schema.length() + 8 > SCHEMA_NAME_LENGTH_MAX) {
            throw new IllegalStateException("the schema name " + schema + " leaves no room for generation suffixes; "
                    + "it must be at most " + (SCHEMA_NAME_LENGTH_MAX - 8) + " characters");
        }
        return schema;
    }

    /** {@code PUBLIC} becomes {@code PUBLIC_G2}, {@code query} becomes {@code query_g2}: the base name's case is kept. */
    private String schemaName(long number) {
        String base = baseSchema;
        boolean upper = base.equals(base.toUpperCase(Locale.ROOT)) && !base.equals(base.toLowerCase(Locale.ROOT));
        return base + (upper ? "_G" : "_g") + number;
    }

    private String control(String table) {
        return quote(baseSchema) + "." + table;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    String baseSchema() {
        return baseSchema;
    }
}
