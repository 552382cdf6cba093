package dev.microledger.broker;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * One SASL login to the broker: a user, its password and the mechanism it logs in with. The
 * services log in with SCRAM-SHA-256; the broker's own user {@value #BROKER_USERNAME} logs in
 * with PLAIN, because it is defined in the broker's configuration rather than in its metadata.
 *
 * @param username the user, which ACLs name as {@code User:<username>}
 * @param password its password
 * @param mechanism {@value #SCRAM_SHA_256} or {@value #PLAIN}
 */
public record KafkaLogin(String username, String password, String mechanism) {

    public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    public static final String PLAIN = "PLAIN";

    /** The broker's own user: inter-broker and controller traffic, and the only super user. */
    public static final String BROKER_USERNAME = "broker";

    private static final String SECURITY_PROTOCOL = "SASL_PLAINTEXT";

    public KafkaLogin {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isBlank() || password.isBlank()) {
            throw new IllegalArgumentException("a Kafka login needs a username and a password");
        }
        if (!SCRAM_SHA_256.equals(mechanism) && !PLAIN.equals(mechanism)) {
            throw new IllegalArgumentException("mechanism must be " + SCRAM_SHA_256 + " or " + PLAIN + ", was " + mechanism);
        }
    }

    /**
     * A login with SCRAM-SHA-256, the mechanism of every user but the broker's.
     *
     * @param username the user
     * @param password its password
     * @return the login
     */
    public static KafkaLogin scram(String username, String password) {
        return new KafkaLogin(username, password, SCRAM_SHA_256);
    }

    /**
     * The client settings that log in as this user: to be added to a producer's, consumer's or
     * admin client's settings.
     *
     * @return {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config}
     */
    public Map<String, Object> saslProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SECURITY_PROTOCOL);
        properties.put(SaslConfigs.SASL_MECHANISM, mechanism);
        properties.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig());
        return properties;
    }

    /**
     * The settings of a client of the broker at {@code bootstrapServers} logged in as this user.
     *
     * @param bootstrapServers {@code host:port}
     * @return a new mutable map, so callers can add their own settings
     */
    public Map<String, Object> clientProperties(String bootstrapServers) {
        Map<String, Object> properties = saslProperties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    /**
     * The client side of the JAAS configuration.
     *
     * @return one {@code sasl.jaas.config} value
     */
    public String jaasConfig() {
        String module = PLAIN.equals(mechanism)
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=\"" + quote(username) + "\" password=\"" + quote(password) + "\";";
    }

    // A JAAS value is a quoted string in which a backslash escapes the next character.
    static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        return "KafkaLogin[" + username + ", " + mechanism + "]";
    }
}
