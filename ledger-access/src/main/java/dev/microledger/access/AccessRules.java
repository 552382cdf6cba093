package dev.microledger.access;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A service's table of who may call what: the first rule that matches a request decides. A
 * request that no rule matches needs a valid credential of any role (it is an unknown path). The same table answers which role a refused request lacked.
 */
public final class AccessRules {

    private final List<AccessRule> rules;
    private final List<RequestMatcher> matchers;

    public AccessRules(List<AccessRule> rules) {
        this.rules = List.copyOf(rules);
        List<RequestMatcher> built = new ArrayList<>(rules.size());
        rules.forEach(rule -> built.add(rule.matcher()));
        this.matchers = List.copyOf(built);
    }

    public List<AccessRule> rules() {
        return rules;
    }

    /**
     * @param request a request
     * @return the rule that decides it, or empty when none does
     */
    public Optional<AccessRule> ruleFor(HttpServletRequest request) {
        for (int index = 0; index < rules.size(); index++) {
            if (matchers.get(index).matches(request)) {
                return Optional.of(rules.get(index));
            }
        }
        return Optional.empty();
    }

    List<RequestMatcher> matchers() {
        return matchers;
    }
}
