package dev.microledger.access;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.util.Optional;

/**
 * What both services share of access control. A service imports it, provides an
 * {@link ApiKeyDirectory} and builds its filter chain with {@link AccessSecurity#build}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(AccessProperties.class)
public class AccessConfiguration {

    @Bean
    AccessMetrics accessMetrics(MeterRegistry meters) {
        return new AccessMetrics(meters);
    }

    @Bean
    AccessSecurity accessSecurity(ApiKeyDirectory directory, AccessProperties properties, AccessMetrics metrics) {
        return new AccessSecurity(directory, properties, metrics, jwtDecoder(properties.jwt()));
    }

    @Bean
    WebSecurityCustomizer requestRejectedAsProblem() {
        return web -> web.requestRejectedHandler(AccessSecurity.requestRejectedHandler());
    }

    /** Spring Boot's own error controller backs off when this one is there. */
    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /** Before Spring Security, so that refusals carry the request id too. */
    @Bean
    FilterRegistrationBean<RequestIds> requestIds() {
        FilterRegistrationBean<RequestIds> registration = new FilterRegistrationBean<>(new RequestIds());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    private static Optional<JwtDecoder> jwtDecoder(AccessProperties.Jwt jwt) {
        if (!jwt.enabled()) {
            return Optional.empty();
        }
        NimbusJwtDecoder decoder = jwt.jwkSetUri().isBlank()
                ? NimbusJwtDecoder.withIssuerLocation(jwt.issuerUri()).build()
                : NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).build();
        if (!jwt.issuerUri().isBlank()) {
            decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(jwt.issuerUri()));
        }
        return Optional.of(decoder);
    }

}
