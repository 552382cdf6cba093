package dev.microledger.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the SCRAM users and the ACLs on a running broker, as its own user. The storage tool
 * can add SCRAM users only while it formats a new data directory, so they are made through the
 * Admin API at every start instead: that is idempotent, takes a changed password, and brings a
 * data directory made before the broker had users up to date.
 */
final class BrokerLogins {

    /** Kafka's default and a floor well above its minimum of 4096. */
    static final int SCRAM_ITERATIONS = 8192;

    private static final Logger log = LoggerFactory.getLogger(BrokerLogins.class);

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_INTERVAL_MILLIS = 100;
    private static final int REQUEST_TIMEOUT_MILLIS = 5_000;

    private BrokerLogins() {
    }

    /**
     * Creates or updates the users and creates the ACLs, then waits until the broker honours
     * both: a client that logs in right after this returns is neither refused nor unauthorized.
     */
    static void ensure(String bootstrapServers, KafkaLogin admin, Collection<KafkaLogin> users, Collection<AclBinding> acls) {
        for (KafkaLogin user : users) {
            if (!KafkaLogin.SCRAM_SHA_256.equals(user.mechanism())) {
                throw new IllegalArgumentException("only SCRAM-SHA-256 users can be made on the broker, not " + user);
            }
        }
        long deadlineNanos = System.nanoTime() + TIMEOUT.toNanos();
        try (Admin client = Admin.create(settings(admin.clientProperties(bootstrapServers), "ledger-broker-logins"))) {
            List<UserScramCredentialAlteration> upsertions = new ArrayList<>();
            for (KafkaLogin user : users) {
                upsertions.add(new UserScramCredentialUpsertion(user.username(),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, SCRAM_ITERATIONS), user.password()));
            }
            if (!upsertions.isEmpty()) {
                client.alterUserScramCredentials(upsertions).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (!acls.isEmpty()) {
                client.createAcls(acls).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            awaitAcls(client, acls, deadlineNanos);
        } catch (ExecutionException exception) {
            throw new IllegalStateException("the Kafka broker at " + bootstrapServers + " refused its users or ACLs: "
                    + exception.getCause(), exception.getCause());
        } catch (TimeoutException exception) {
            throw new IllegalStateException("the Kafka broker at " + bootstrapServers + " did not make its users and ACLs within "
                    + TIMEOUT.toSeconds() + " s", exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the Kafka broker's users", exception);
        }
        for (KafkaLogin user : users) {
            awaitLogin(bootstrapServers, user, deadlineNanos);
        }
        log.info("Kafka users {} and {} ACLs are in place on {}",
                users.stream().map(KafkaLogin::username).toList(), acls.size(), bootstrapServers);
    }

    // The controller commits the ACLs; the broker's authorizer learns of them a moment later.
    private static void awaitAcls(Admin client, Collection<AclBinding> acls, long deadlineNanos)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<AclBinding> wanted = new HashSet<>(acls);
        while (true) {
            Collection<AclBinding> present = client.describeAcls(AclBindingFilter.ANY).values()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (present.containsAll(wanted)) {
                return;
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new TimeoutException("the broker does not list all of its ACLs");
            }
            Thread.sleep(POLL_INTERVAL_MILLIS);
        }
    }

    // Like the ACLs, a new SCRAM credential reaches the broker's authenticator a moment after its commit.
    private static void awaitLogin(String bootstrapServers, KafkaLogin user, long deadlineNanos) {
        while (true) {
            try (Admin client = Admin.create(settings(user.clientProperties(bootstrapServers), "ledger-broker-login-check"))) {
                client.describeCluster(new DescribeClusterOptions().timeoutMs(REQUEST_TIMEOUT_MILLIS))
                        .clusterId().get(REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException exception) {
                if (!(exception.getCause() instanceof SaslAuthenticationException) || System.nanoTime() - deadlineNanos > 0) {
                    throw new IllegalStateException("the Kafka user " + user.username() + " cannot log in: " + exception.getCause(),
                            exception.getCause());
                }
            } catch (TimeoutException exception) {
                throw new IllegalStateException("the Kafka broker at " + bootstrapServers + " did not answer the user "
                        + user.username(), exception);
            } catch (InterruptedException exception) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking the Kafka user " + user.username(), exception);
            }
            sleep();
        }
    }

    private static Map<String, Object> settings(Map<String, Object> login, String clientId) {
        login.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        login.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MILLIS);
        login.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        return login;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_INTERVAL_MILLIS);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the Kafka users", exception);
        }
    }
}
