package dev.microledger.postgres;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;

/**
 * One database on a PostgreSQL server, and a login for it.
 *
 * @param url its JDBC URL
 * @param username the login
 * @param password the login's password
 */
public record PostgresDatabase(String url, String username, String password) {

    /** @return a plain, unpooled data source for it */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(username);
        dataSource.setPassword(password);
        return dataSource;
    }

    @Override
    public String toString() {
        return "PostgresDatabase[" + url + " as " + username + "]";
    }
}
