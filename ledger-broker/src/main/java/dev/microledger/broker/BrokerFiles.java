package dev.microledger.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The files a broker's data directory holds besides Kafka's own: the generated
 * {@code server.properties} (which holds the broker's password, so only its owner may read it),
 * the child's logging configuration and the parent-watch agent.
 */
final class BrokerFiles {

    static final String SERVER_PROPERTIES = "server.properties";
    static final String LOGBACK_CONFIGURATION = "logback-broker.xml";
    static final String PARENT_WATCH_AGENT = "parent-watch.jar";
    static final String LOG_DIRECTORY = "kafka-logs";

    /** Kafka writes this file into each log directory when it is formatted. */
    static final String META_PROPERTIES = "meta.properties";

    /** The listener clients connect to, which the broker also uses to talk to itself. */
    static final String CLIENT_LISTENER = "CLIENT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** The broker and controller share one node, so its id is fixed. */
    static final int NODE_ID = 1;

    /**
     * Every partition of the ledger topic, so the consumer group of query-service can grow to
     * this many instances; internal topics keep Kafka's defaults.
     */
    static final int PARTITION_COUNT = 12;

    private static final String LOGBACK_XML = """
            <configuration>
              <!-- Written by dev.microledger.broker: the broker's log goes to standard output,
                   which the parent appends to the log file. Without this file logback logs DEBUG. -->
              <appender name="stdout" class="ch.qos.logback.core.ConsoleAppender">
                <encoder>
                  <pattern>%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n</pattern>
                </encoder>
              </appender>
              <logger name="kafka.request.logger" level="WARN"/>
              <logger name="org.apache.zookeeper" level="WARN"/>
              <root level="INFO">
                <appender-ref ref="stdout"/>
              </root>
            </configuration>
            """;

    private final Path dataDirectory;

    BrokerFiles(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    Path serverProperties() {
        return dataDirectory.resolve(SERVER_PROPERTIES);
    }

    Path logbackConfiguration() {
        return dataDirectory.resolve(LOGBACK_CONFIGURATION);
    }

    Path parentWatchAgent() {
        return dataDirectory.resolve(PARENT_WATCH_AGENT);
    }

    Path logDirectory() {
        return dataDirectory.resolve(LOG_DIRECTORY);
    }

    boolean isFormatted() {
        return Files.isRegularFile(logDirectory().resolve(META_PROPERTIES));
    }

    /**
     * Writes the configuration for the concrete ports of this start. It is rewritten on every
     * start because ports picked as "any free port" change between starts.
     *
     * @param host the loopback address
     * @param port the client port, not 0
     * @param controllerPort the controller port, not 0
     * @param brokerPassword the password of the broker's own user
     */
    void writeConfiguration(String host, int port, int controllerPort, String brokerPassword) {
        StringBuilder text = new StringBuilder();
        text.append("# Written by dev.microledger.broker.KafkaBroker on every start; edits are overwritten.\n");
        serverProperties(host, port, controllerPort, brokerPassword)
                .forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        try {
            Files.createDirectories(dataDirectory);
            BrokerCredentials.writePrivate(serverProperties(), text.toString());
            Files.writeString(logbackConfiguration(), LOGBACK_XML, StandardCharsets.UTF_8);
        } catch (IOException exception) {
            throw new UncheckedIOException("cannot write the broker configuration into " + dataDirectory, exception);
        }
    }

    Map<String, String> serverProperties(String host, int port, int controllerPort, String brokerPassword) {
        Map<String, String> properties = new LinkedHashMap<>();
        // One JVM is both the KRaft controller and the broker: the smallest real Kafka.
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", Integer.toString(NODE_ID));
        properties.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        properties.put("controller.listener.names", CONTROLLER_LISTENER);
        properties.put("inter.broker.listener.name", CLIENT_LISTENER);
        // Nothing anonymous on any port. Both listeners still bind to the loopback address only:
        // SASL_PLAINTEXT carries the passwords (PLAIN) and the records unencrypted.
        properties.put("listener.security.protocol.map", CONTROLLER_LISTENER + ":SASL_PLAINTEXT," + CLIENT_LISTENER + ":SASL_PLAINTEXT");
        properties.put("listeners", CLIENT_LISTENER + "://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        properties.put("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + port);
        properties.putAll(authentication(brokerPassword));
        properties.putAll(authorization());
        properties.put("log.dirs", escape(logDirectory().toString()));
        // Topics are created on purpose by the services, never by a typo in a client.
        properties.put("auto.create.topics.enable", "false");
        properties.put("num.partitions", Integer.toString(PARTITION_COUNT));
        // A single node cannot hold more than one replica of anything.
        properties.put("default.replication.factor", "1");
        properties.put("min.insync.replicas", "1");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        // The topic is kept forever: projections are rebuilt from it.
        properties.put("log.retention.ms", "-1");
        properties.put("log.retention.bytes", "-1");
        // Nobody else joins a single-node group, so waiting for more members only slows tests.
        properties.put("group.initial.rebalance.delay.ms", "0");
        return properties;
    }

    /**
     * Clients log in with SCRAM-SHA-256; their users live in the cluster's metadata and are made
     * through the Admin API once the broker runs ({@link KafkaBroker#ensureLogins}). The broker's
     * own user cannot live there, since the controller needs it before any metadata is read, so
     * it is a static PLAIN user of this file, for the controller listener, for the broker's
     * connections to itself and for the administration that makes the other users.
     */
    private static Map<String, String> authentication(String brokerPassword) {
        KafkaLogin broker = new KafkaLogin(KafkaLogin.BROKER_USERNAME, brokerPassword, KafkaLogin.PLAIN);
        // The server side of PLAIN lists its users as user_<name>="<password>"; the username and
        // password in the same entry are what the broker logs in with as a client of itself.
        String plainJaas = escape("org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + KafkaLogin.quote(broker.username()) + "\" password=\"" + KafkaLogin.quote(broker.password())
                + "\" user_" + broker.username() + "=\"" + KafkaLogin.quote(broker.password()) + "\";");
        String client = "listener.name." + CLIENT_LISTENER.toLowerCase(Locale.ROOT) + ".";
        String controller = "listener.name." + CONTROLLER_LISTENER.toLowerCase(Locale.ROOT) + ".";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("sasl.mechanism.inter.broker.protocol", KafkaLogin.PLAIN);
        properties.put("sasl.mechanism.controller.protocol", KafkaLogin.PLAIN);
        properties.put(client + "sasl.enabled.mechanisms", KafkaLogin.SCRAM_SHA_256 + "," + KafkaLogin.PLAIN);
        properties.put(client + "scram-sha-256.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        properties.put(client + "plain.sasl.jaas.config", plainJaas);
        properties.put(controller + "sasl.enabled.mechanisms", KafkaLogin.PLAIN);
        properties.put(controller + "plain.sasl.jaas.config", plainJaas);
        return properties;
    }

    /** Nobody may do anything without an ACL that allows it, except the broker's own user. */
    private static Map<String, String> authorization() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        properties.put("allow.everyone.if.no.acl.found", "false");
        properties.put("super.users", "User:" + KafkaLogin.BROKER_USERNAME);
        return properties;
    }

    // Backslashes are escapes in a properties file; a Windows path would lose them otherwise.
    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }
}
