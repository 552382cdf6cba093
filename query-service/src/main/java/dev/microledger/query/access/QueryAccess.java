package dev.microledger.query.access;

import dev.microledger.access.AccessConfiguration;
import dev.microledger.access.AccessSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Every request with data needs a key (or token) with a role that {@link QueryAccessRules} allows. */
@Configuration(proxyBeanMethods = false)
@Import(AccessConfiguration.class)
class QueryAccess {

    @Bean
    SecurityFilterChain querySecurity(HttpSecurity http, AccessSecurity access) throws Exception {
        return access.build(http, QueryAccessRules.RULES);
    }
}
