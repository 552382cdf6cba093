package dev.microledger.ledger.access;

import dev.microledger.access.AccessConfiguration;
import dev.microledger.access.AccessSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Every request but health needs a key (or token) with a role that {@link LedgerAccessRules} allows. */
@Configuration(proxyBeanMethods = false)
@Import(AccessConfiguration.class)
class LedgerAccess {

    @Bean
    SecurityFilterChain ledgerSecurity(HttpSecurity http, AccessSecurity access) throws Exception {
        return access.build(http, LedgerAccessRules.RULES);
    }
}
