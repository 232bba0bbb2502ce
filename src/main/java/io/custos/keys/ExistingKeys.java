package io.custos.keys;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

/**
 * Whether the database already holds keys wrapped by a master key. A new master key is made only for
 * a database without any: over one that has them, a new key would open none of them, and the start
 * would fail anyway, leaving a wrong key file behind that looks like the real one.
 */
final class ExistingKeys {

    /** The tables whose rows a master key wraps. */
    static final List<String> TABLES = List.of("managed_keyset", "data_key");

    private ExistingKeys() {
    }

    /**
     * @return true when one of {@link #TABLES} exists and has a row; false for a database that was
     *         never migrated
     * @throws MasterKeyUnavailableException when the database cannot be asked: without an answer no
     *         key is made
     */
    static boolean present(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            for (String table : TABLES) {
                String name = existing(connection.getMetaData(), table);
                if (name != null && hasRow(connection, name)) {
                    return true;
                }
            }
            return false;
        } catch (SQLException e) {
            throw new MasterKeyUnavailableException("The master keyset file is missing and the database could not be "
                    + "checked for keys it wraps (SQL state " + e.getSQLState() + "); no new master key was made", e);
        }
    }

    /** The table's name as this database spells it (H2 upper case, PostgreSQL lower case), or null. */
    private static String existing(DatabaseMetaData metaData, String table) throws SQLException {
        for (String candidate : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet tables = metaData.getTables(null, null, candidate, new String[] {"TABLE"})) {
                if (tables.next()) {
                    return tables.getString("TABLE_NAME");
                }
            }
        }
        return null;
    }

    private static boolean hasRow(Connection connection, String table) throws SQLException {
        // The name comes from TABLES through the database's own catalogue, never from input.
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 1 FETCH FIRST 1 ROWS ONLY")) {
            return rows.next();
        }
    }
}
