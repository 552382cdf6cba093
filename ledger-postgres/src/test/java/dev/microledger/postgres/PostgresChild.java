package dev.microledger.postgres;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A JVM that starts a server in the given directory, writes a row, prints {@code READY <pid>} and
 * then waits until its stdin closes: the parent kills it to see whether the server dies with it.
 */
public final class PostgresChild {

    private PostgresChild() {
    }

    public static void main(String[] arguments) throws IOException {
        Path directory = Path.of(arguments[0]);
        PostgresServer server = PostgresServer.start(PostgresSettings.of(directory.resolve("postgres"), 0,
                directory.resolve("postgres.log"), arguments[1]));
        server.execute("postgres", "CREATE TABLE IF NOT EXISTS written (word text)", "INSERT INTO written VALUES ('"
                + System.getProperty("user.name") + "')");
        System.out.println("READY " + server.pid() + " " + server.user());
        System.out.flush();
        while (System.in.read() >= 0) {
            // waits for the parent
        }
    }
}
