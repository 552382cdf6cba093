package dev.microledger.query.generation;

import dev.microledger.postgres.SharedTestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Generations of the projection tables on a new PostgreSQL database, with the real migrations. */
class ProjectionGenerationsTests {

    private GenerationDataSource dataSource;
    private ProjectionGenerations generations;
    private JdbcTemplate jdbc;

    @BeforeEach
    void start() throws SQLException {
        DataSource database = SharedTestPostgres.freshDatabase("generations").dataSource();
        dataSource = new GenerationDataSource(database, true);
        generations = new ProjectionGenerations(dataSource, Clock.systemUTC());
        generations.migrate(Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load());
        jdbc = new JdbcTemplate(dataSource);
    }

    @Test
    void theFirstGenerationIsTheApplicationsOwnSchema() throws SQLException {
        assertThat(generations.live()).isEqualTo(new ProjectionGeneration(1, "public"));
        assertThat(generations.building()).isEmpty();
        assertThat(schemaOfANewConnection()).isEqualTo("public");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_view", Long.class)).isZero();
    }

    @Test
    void aRebuildGetsTheNextNumberAndEveryTableInASchemaOfItsOwn() {
        ProjectionGeneration next = generations.registerRebuild(false);
        generations.createTables(next);

        assertThat(next).isEqualTo(new ProjectionGeneration(2, "public_g2"));
        assertThat(generations.building()).contains(next);
        assertThat(tables("public_g2")).containsAll(tables("public").stream()
                .filter(table -> !table.startsWith("projection_")).toList());
        assertThat(tables("public_g2")).contains("account_view", "entry_view", "hold_view", "decline_view");
    }

    @Test
    void onlyOneRebuildAtATime() {
        generations.registerRebuild(false);

        assertThatThrownBy(() -> generations.registerRebuild(true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("being built already");
    }

    @Test
    void aThreadCanWorkInTheGenerationBeingBuiltWhileOthersReadTheLiveOne() throws SQLException {
        ProjectionGeneration next = generations.registerRebuild(false);
        generations.createTables(next);

        String inside = dataSource.inSchema(next.schema(), this::schemaOfANewConnectionUnchecked);

        assertThat(inside).isEqualTo("public_g2");
        assertThat(schemaOfANewConnection()).isEqualTo("public");
    }

    @Test
    void theSwitchPointsNewConnectionsAtTheNewGenerationAndTheOldOneIsDroppedTableByTable() throws SQLException {
        jdbc.update("INSERT INTO account_view VALUES ('old', 'USD', 6, 'USER', 'OPEN', 0, 0, 0, 0, "
                + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        ProjectionGeneration next = generations.registerRebuild(false);
        generations.createTables(next);
        generations.saveRebuildOffsets(next, Map.of(0, 5L, 3, 9L));
        generations.saveRebuildOffsets(next, Map.of(0, 6L));
        assertThat(generations.rebuildOffsets(next)).isEqualTo(Map.of(0, 6L, 3, 9L));

        ProjectionGeneration previous = generations.switchTo(next);

        assertThat(previous.number()).isEqualTo(1);
        assertThat(generations.live()).isEqualTo(next);
        assertThat(schemaOfANewConnection()).isEqualTo("public_g2");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_view", Long.class)).isZero();
        assertThat(generations.rebuildOffsets(next)).isEmpty();
        assertThat(generations.dropQuietly(previous)).isTrue();
        assertThat(baseTables("public")).containsExactlyInAnyOrder("projection_generation", "projection_rebuild_offset");
        // SQL readers of the application's schema now read the live generation through views.
        assertThat(views("public")).containsAll(baseTables("public_g2").stream()
                .filter(table -> !table.equals("flyway_schema_history")).toList());
        jdbc.update("INSERT INTO account_view VALUES ('new', 'USD', 6, 'USER', 'OPEN', 0, 0, 0, 0, "
                + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        assertThat(jdbc.queryForList("SELECT account_id FROM public.account_view", String.class)).containsExactly("new");
    }

    @Test
    void theViewsOfTheApplicationsSchemaFollowEverySwitch() {
        ProjectionGeneration second = generations.registerRebuild(false);
        generations.createTables(second);
        generations.dropQuietly(generations.switchTo(second));
        ProjectionGeneration third = generations.registerRebuild(false);
        generations.createTables(third);
        jdbc.update("INSERT INTO public_g3.account_view VALUES ('third', 'USD', 6, 'USER', 'OPEN', 0, 0, 0, 0, "
                + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");

        generations.dropQuietly(generations.switchTo(third));

        assertThat(jdbc.queryForList("SELECT account_id FROM public.account_view", String.class))
                .containsExactly("third");
        assertThat(schemas()).doesNotContain("public_g2");
    }

    @Test
    void aLaterGenerationIsDroppedWithItsSchema() {
        ProjectionGeneration second = generations.registerRebuild(false);
        generations.createTables(second);
        generations.switchTo(second);
        ProjectionGeneration third = generations.registerRebuild(false);
        generations.createTables(third);

        generations.switchTo(third);
        assertThat(generations.dropQuietly(second)).isTrue();

        assertThat(schemas()).contains("public_g3").doesNotContain("public_g2");
    }

    @Test
    void aFailedRebuildIsRecordedWithItsReasonAndItsSchemaIsDroppedWhileTheLiveOneStays() {
        ProjectionGeneration next = generations.registerRebuild(false);
        generations.createTables(next);

        generations.fail(next, "the database ran out of space");

        assertThat(generations.building()).isEmpty();
        assertThat(generations.live().number()).isEqualTo(1);
        assertThat(schemas()).doesNotContain("public_g2");
        assertThat(jdbc.queryForObject("SELECT state || ': ' || failure FROM projection_generation WHERE generation = 2",
                String.class)).isEqualTo("FAILED: the database ran out of space");
        assertThat(generations.registerRebuild(false).number()).isEqualTo(3);
    }

    @Test
    void theLiveGenerationCannotBeDropped() {
        assertThatThrownBy(() -> generations.dropQuietly(generations.live())).isInstanceOf(IllegalStateException.class);
        assertThat(tables("public")).contains("account_view");
    }

    @Test
    void aManualSwitchIsRemembered() {
        ProjectionGeneration next = generations.registerRebuild(true);

        assertThat(generations.manualSwitch(next)).isTrue();
    }

    @Test
    void startingAgainFindsTheSameLiveGenerationAndTheRebuildUnderWay() throws SQLException {
        ProjectionGeneration second = generations.registerRebuild(false);
        generations.createTables(second);
        generations.switchTo(second);
        ProjectionGeneration third = generations.registerRebuild(false);
        generations.createTables(third);

        GenerationDataSource restarted = new GenerationDataSource(dataSource.getTargetDataSource(), true);
        ProjectionGenerations again = new ProjectionGenerations(restarted, Clock.systemUTC());
        again.migrate(Flyway.configure().dataSource(restarted).locations("classpath:db/migration").load());

        assertThat(again.live()).isEqualTo(second);
        assertThat(again.building()).contains(third);
        try (Connection connection = restarted.getConnection()) {
            assertThat(connection.getSchema()).isEqualTo("public_g2");
        }
    }

    private String schemaOfANewConnection() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getSchema();
        }
    }

    private String schemaOfANewConnectionUnchecked() {
        try {
            return schemaOfANewConnection();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> tables(String schema) {
        return jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
                String.class, schema);
    }

    private List<String> baseTables(String schema) {
        return jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_type = 'BASE TABLE'", String.class, schema);
    }

    private List<String> views(String schema) {
        return jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_type = 'VIEW'", String.class, schema);
    }

    private List<String> schemas() {
        return jdbc.queryForList("SELECT schema_name FROM information_schema.schemata", String.class);
    }
}
