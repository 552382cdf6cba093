package dev.microledger.query.consuming;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

import java.util.Map;

/**
 * How every Kafka client of query-service logs in: the broker takes SASL logins only, and its ACLs
 * let this service's user read the ledger's topics, in its own consumer groups, and nothing more.
 */
public final class KafkaLogins {

    private KafkaLogins() {
    }

    /**
     * The client settings of a SCRAM-SHA-256 login.
     *
     * @param username the user
     * @param password its password
     * @return {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config}
     */
    public static Map<String, Object> scram(String username, String password) {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-256",
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + quote(username) + "\" password=\"" + quote(password) + "\";");
    }

    // A JAAS value is a quoted string in which a backslash escapes the next character.
    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
