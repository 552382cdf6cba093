package dev.microledger.query.generation;

/**
 * One complete set of projection tables, in a schema of its own (the first generation lives in the
 * application's own schema, where the tables always were). Exactly one generation is live at a
 * time; a rebuild builds the next one beside it.
 *
 * @param number increases by one with every rebuild; the first generation is 1
 * @param schema the schema holding the generation's tables, exactly as the database stores its name
 */
public record ProjectionGeneration(long number, String schema) {
}
