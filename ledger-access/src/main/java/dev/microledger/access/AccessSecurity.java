package dev.microledger.access;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a service's security filter chain from its {@link AccessRules}: bearer credentials only
 * (API keys, and JWTs when an issuer is configured), no sessions or cookies (so no CSRF), 401
 * {@code unauthenticated} with {@code WWW-Authenticate: Bearer} and 403 {@code forbidden} with
 * {@code requiredRole} as problem documents, all decided before anything is read or changed.
 */
public final class AccessSecurity {

    private final ApiKeyDirectory directory;
    private final AccessProperties properties;
    private final AccessMetrics metrics;
    private final Optional<JwtDecoder> jwtDecoder;

    AccessSecurity(ApiKeyDirectory directory, AccessProperties properties, AccessMetrics metrics,
            Optional<JwtDecoder> jwtDecoder) {
        this.directory = directory;
        this.properties = properties;
        this.metrics = metrics;
        this.jwtDecoder = jwtDecoder;
    }

    public SecurityFilterChain build(HttpSecurity http, AccessRules rules) throws Exception {
        AuthenticationEntryPoint entryPoint = this::unauthenticated;
        AccessDeniedHandler deniedHandler = (request, response, denied) -> forbidden(request, response, rules);
        AuthenticationManager manager = authenticationManager();
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(entryPoint).accessDeniedHandler(deniedHandler))
                .oauth2ResourceServer(server -> server
                        .authenticationManagerResolver(request -> manager)
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(deniedHandler))
                .authorizeHttpRequests(authorize -> {
                    // An error page belongs to a request that was decided already (let in, or refused with a
                    // problem of its own, or rejected by Tomcat before any filter): it only renders that
                    // request's problem, never data. Forwards (/ to the dashboard's page) go through the rules.
                    authorize.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    for (int index = 0; index < rules.rules().size(); index++) {
                        AccessRule rule = rules.rules().get(index);
                        var matched = authorize.requestMatchers(rules.matchers().get(index));
                        if (rule.isOpen()) {
                            // The only open rules: health (status without details), the OpenAPI document and
                            // Swagger UI's files and, on query-service, the dashboard's own files, none of which
                            // holds data (LedgerAccessRules, QueryAccessRules).
                            matched.permitAll();
                        } else {
                            matched.hasAnyAuthority(rule.roles().stream().map(Role::authority).toArray(String[]::new));
                        }
                    }
                    authorize.anyRequest().authenticated();
                })
                .addFilterAfter(new RateLimitFilter(properties, metrics), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /** The firewall's refusals (a {@code ;} or an encoded {@code /} in a path, ...) as 400 problems. */
    public static RequestRejectedHandler requestRejectedHandler() {
        return (request, response, rejected) -> AccessProblems.write(request, response, 400, "validation_failed",
                "Bad Request", "the request's path or headers hold characters that are not allowed: a path id is "
                        + "1 to 64 characters [A-Za-z0-9._:-], without ';', encoded '/' or '%'", Map.of());
    }

    private AuthenticationManager authenticationManager() {
        List<AuthenticationProvider> providers = new ArrayList<>();
        providers.add(new ApiKeyAuthenticationProvider(directory));
        jwtDecoder.ifPresent(decoder -> {
            JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(decoder);
            jwt.setJwtAuthenticationConverter(new JwtRoles(properties.jwt().rolesClaim()));
            providers.add(jwt);
        });
        ProviderManager manager = new ProviderManager(providers);
        manager.setEraseCredentialsAfterAuthentication(true);
        return manager;
    }

    private void unauthenticated(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        String reason = AccessMetrics.MISSING_CREDENTIAL;
        String keyId = null;
        String detail = "this request needs a credential: Authorization: Bearer <key>";
        if (failure instanceof KeyRejectedException rejected) {
            reason = rejected.reason();
            keyId = rejected.keyId();
            detail = rejected.getMessage();
        } else if (hasBearer(request)) {
            // A credential was sent and neither a key nor (when configured) a token provider took it.
            reason = AccessMetrics.INVALID_TOKEN;
            detail = "the bearer credential is not a valid key or token";
        }
        metrics.denied(request, reason, keyId);
        response.setHeader("WWW-Authenticate", AccessMetrics.MISSING_CREDENTIAL.equals(reason)
                ? "Bearer" : "Bearer error=\"invalid_token\"");
        AccessProblems.write(request, response, 401, "unauthenticated", "Unauthorized", detail, Map.of());
    }

    private void forbidden(HttpServletRequest request, HttpServletResponse response, AccessRules rules) throws IOException {
        var caller = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        String keyId = caller instanceof ApiKeyAuthentication ? caller.getName() : null;
        metrics.denied(request, AccessMetrics.MISSING_ROLE, keyId);
        List<String> allowed = rules.ruleFor(request).map(rule -> rule.roles().stream().map(Role::wireName).toList())
                .orElse(List.of());
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("requiredRole", allowed.isEmpty() ? null : allowed.get(0));
        extra.put("allowedRoles", allowed);
        AccessProblems.write(request, response, 403, "forbidden", "Forbidden",
                "this key may not do this: it needs the role " + String.join(" or ", allowed), extra);
    }

    private static boolean hasBearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && !header.isBlank();
    }
}
