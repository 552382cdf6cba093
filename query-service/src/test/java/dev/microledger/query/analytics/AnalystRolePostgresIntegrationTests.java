package dev.microledger.query.analytics;

import dev.microledger.query.support.TestDatabase;
import dev.microledger.query.support.TestKafka;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The read-only analyst role exactly as docs/projections.md tells an operator to create it, run
 * against a new database on the test JVM's PostgreSQL server: the analyst reads every projection
 * table, also one that a later migration adds, and can change none.
 */
class AnalystRolePostgresIntegrationTests {

    private static final Path DOCUMENT = Path.of("..", "docs", "projections.md");
    private static final String SECTION = "## Read-only access for analysts (PostgreSQL)";
    private static final String PASSWORD = "change-me";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String READ_ONLY_TRANSACTION = "25006";

    private final String tag = TestKafka.uniqueTag();
    private final String group = "analysts_" + tag;
    private final String login = "ada_" + tag;
    private TestDatabase database;
    private String url;
    private String schema;

    @BeforeEach
    void migrate() {
        database = TestDatabase.empty("analyst_role");
        Map<String, String> properties = database.properties();
        url = properties.get("spring.datasource.url");
        schema = database.schema();
        Flyway.configure()
                .dataSource(url, properties.get("spring.datasource.username"), properties.get("spring.datasource.password"))
                .schemas(schema)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    @AfterEach
    void dropRolesAndSchema() throws SQLException {
        if (database == null) {
            return;
        }
        try (Connection owner = owner(); Statement statement = owner.createStatement()) {
            for (String role : List.of(login, group)) {
                if (single(statement, "SELECT COUNT(*) FROM pg_roles WHERE rolname = '" + role + "'").equals("1")) {
                    statement.execute("DROP OWNED BY " + role);
                    statement.execute("DROP ROLE " + role);
                }
            }
        } finally {
            database.dropOwnSchema();
        }
    }

    @Test
    void theDocumentedAnalystRoleReadsEveryTableAndChangesNone() throws SQLException, IOException {
        List<String> tables;
        try (Connection owner = owner(); Statement statement = owner.createStatement()) {
            statement.execute("INSERT INTO account_view VALUES ('alice', 'USD', 6, 'USER', 'OPEN', 2500, 0, 0, 1,"
                    + " TIMESTAMPTZ '2026-03-01 00:00:00Z', TIMESTAMPTZ '2026-03-01 00:00:00Z')");
            for (String sql : documentedStatements(owner)) {
                statement.execute(sql);
            }
            // A table that a later migration creates, after the grants.
            statement.execute("CREATE TABLE later_view (id BIGINT PRIMARY KEY)");
            statement.execute("INSERT INTO later_view VALUES (7)");
            tables = tables(owner);
        }
        assertThat(tables).contains("account_view", "entry_view", "hold_view", "decline_view",
                "flyway_schema_history", "later_view");

        try (Connection analyst = DriverManager.getConnection(url, login, PASSWORD);
             Statement statement = analyst.createStatement()) {
            for (String table : tables) {
                statement.executeQuery("SELECT * FROM " + table).close();
            }
            assertThat(single(statement, "SELECT balance_minor FROM account_view WHERE account_id = 'alice'"))
                    .isEqualTo("2500");
            assertThat(single(statement, "SELECT id FROM later_view")).isEqualTo("7");
            assertThat(single(statement, "SHOW statement_timeout")).isEqualTo("1min");

            // The session starts read-only...
            assertRefused(statement, "UPDATE account_view SET balance_minor = 0", READ_ONLY_TRANSACTION);
            // ...and when the analyst turns that off, the privileges still refuse every change.
            statement.execute("SET default_transaction_read_only = off");
            assertRefused(statement, "INSERT INTO account_view VALUES ('bob', 'USD', 6, 'USER', 'OPEN', 0, 0, 0, 0,"
                    + " now(), now())", INSUFFICIENT_PRIVILEGE);
            assertRefused(statement, "UPDATE account_view SET balance_minor = 0", INSUFFICIENT_PRIVILEGE);
            assertRefused(statement, "DELETE FROM account_view", INSUFFICIENT_PRIVILEGE);
            assertRefused(statement, "TRUNCATE entry_view", INSUFFICIENT_PRIVILEGE);
            assertRefused(statement, "INSERT INTO later_view VALUES (8)", INSUFFICIENT_PRIVILEGE);
            assertRefused(statement, "DELETE FROM later_view", INSUFFICIENT_PRIVILEGE);
            assertRefused(statement, "CREATE TABLE " + schema + ".analyst_table (id INT)", INSUFFICIENT_PRIVILEGE);
            assertRefused(statement, "DROP TABLE account_view", INSUFFICIENT_PRIVILEGE);
            assertRefused(statement, "ALTER TABLE account_view ADD COLUMN note TEXT", INSUFFICIENT_PRIVILEGE);
        }

        try (Connection owner = owner(); Statement statement = owner.createStatement()) {
            assertThat(single(statement, "SELECT balance_minor FROM account_view WHERE account_id = 'alice'"))
                    .isEqualTo("2500");
            assertThat(single(statement, "SELECT COUNT(*) FROM account_view")).isEqualTo("1");
            assertThat(single(statement, "SELECT COUNT(*) FROM later_view")).isEqualTo("1");
        }
    }

    /**
     * The statements of the document's SQL block, with this run's names in place of the
     * document's: its own roles (roles belong to the whole server), this schema, this test's
     * database, and the connected user as the owner of the tables.
     */
    private List<String> documentedStatements(Connection owner) throws IOException, SQLException {
        String block = sqlBlock(Files.readString(DOCUMENT));
        String database;
        String ownerRole;
        try (Statement statement = owner.createStatement()) {
            database = single(statement, "SELECT current_database()");
            ownerRole = single(statement, "SELECT current_user");
        }
        String sql = block.replaceAll("--[^\n]*", "")
                .replaceAll("\\bledger_analysts\\b", group)
                .replaceAll("\\bada\\b", login)
                .replaceAll("\\bquery\\b", Matcher.quoteReplacement(database))
                .replaceAll("\\bpublic\\b", schema)
                .replaceAll("\\bledger\\b", Matcher.quoteReplacement(ownerRole));
        List<String> statements = new ArrayList<>();
        for (String part : sql.split(";")) {
            if (!part.isBlank()) {
                statements.add(part.strip());
            }
        }
        assertThat(statements).hasSize(8).anySatisfy(statement ->
                assertThat(statement).startsWith("ALTER DEFAULT PRIVILEGES FOR ROLE " + ownerRole));
        return statements;
    }

    private static String sqlBlock(String document) {
        int section = document.indexOf(SECTION);
        assertThat(section).as("docs/projections.md has the section " + SECTION).isNotNegative();
        int start = document.indexOf("```sql\n", section);
        int end = document.indexOf("```", start + 1);
        assertThat(start).isGreaterThan(section);
        return document.substring(start + "```sql\n".length(), end);
    }

    private List<String> tables(Connection owner) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = owner.getMetaData().getTables(null, schema, "%", new String[]{"TABLE"})) {
            while (rows.next()) {
                tables.add(rows.getString("TABLE_NAME"));
            }
        }
        return tables;
    }

    private Connection owner() throws SQLException {
        Map<String, String> properties = database.properties();
        return DriverManager.getConnection(url, properties.get("spring.datasource.username"),
                properties.get("spring.datasource.password"));
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getString(1);
        }
    }

    private static void assertRefused(Statement statement, String sql, String sqlState) {
        assertThatThrownBy(() -> statement.execute(sql)).as(sql)
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(sqlState));
    }
}
