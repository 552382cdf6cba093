package dev.microledger.broker;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the broker, in one place for the launcher, the tests and (written out by
 * hand) {@code docker-compose.yml}. Only the ledger writes its topics; query-service only reads
 * them; nobody else may do anything but the broker's own super user.
 *
 * <pre>
 * User:ledger-service  Topic   ledger.events*, ledger.keys*  CREATE, DESCRIBE, DESCRIBE_CONFIGS, WRITE
 * User:ledger-service  Cluster kafka-cluster                 IDEMPOTENT_WRITE
 * User:query-service   Topic   ledger.events*, ledger.keys*  READ, DESCRIBE
 * User:query-service   Group   query-*                       READ
 * </pre>
 *
 * <p>The patterns are prefixes so that the tests' own topics ({@code ledger.events.<test>}) and
 * consumer groups ({@code query-<test>}) are covered by the same rules as the production names
 * {@code ledger.events}, {@code ledger.keys} and {@code query-service}. A deployment that renames
 * the topics or the group must grant the same operations on its names.
 */
public final class LedgerAcls {

    public static final String LEDGER_SERVICE_USERNAME = "ledger-service";
    public static final String QUERY_SERVICE_USERNAME = "query-service";

    /** Every topic the ledger writes starts with one of these: its events and its keys. */
    public static final List<String> TOPIC_PREFIXES = List.of("ledger.events", "ledger.keys");

    /** Every consumer group of query-service starts with this, {@code query-service} among them. */
    public static final String GROUP_PREFIX = "query-";

    private static final List<AclOperation> LEDGER_TOPIC_OPERATIONS = List.of(
            AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.WRITE);
    private static final List<AclOperation> QUERY_TOPIC_OPERATIONS = List.of(AclOperation.READ, AclOperation.DESCRIBE);

    private LedgerAcls() {
    }

    /**
     * Every ACL the ledger's users need, and no more.
     *
     * @return the bindings, to be created on the broker (creating one that exists changes nothing)
     */
    public static List<AclBinding> bindings() {
        List<AclBinding> bindings = new ArrayList<>();
        for (String prefix : TOPIC_PREFIXES) {
            ResourcePattern topics = new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED);
            LEDGER_TOPIC_OPERATIONS.forEach(operation -> bindings.add(allow(topics, LEDGER_SERVICE_USERNAME, operation)));
            QUERY_TOPIC_OPERATIONS.forEach(operation -> bindings.add(allow(topics, QUERY_SERVICE_USERNAME, operation)));
        }
        ResourcePattern cluster = new ResourcePattern(ResourceType.CLUSTER, Resource.CLUSTER_NAME, PatternType.LITERAL);
        bindings.add(allow(cluster, LEDGER_SERVICE_USERNAME, AclOperation.IDEMPOTENT_WRITE));
        ResourcePattern groups = new ResourcePattern(ResourceType.GROUP, GROUP_PREFIX, PatternType.PREFIXED);
        bindings.add(allow(groups, QUERY_SERVICE_USERNAME, AclOperation.READ));
        return List.copyOf(bindings);
    }

    private static AclBinding allow(ResourcePattern pattern, String username, AclOperation operation) {
        return new AclBinding(pattern, new AccessControlEntry("User:" + username, "*", operation, AclPermissionType.ALLOW));
    }
}
