package dev.microledger.ledger.account;

/**
 * Requests and answers of the account endpoints as the OpenAPI document shows them, taken from
 * the README's sessions, so that Swagger UI's "Try it out" starts from a request that works.
 */
final class AccountExamples {

    static final String OPEN_USER = """
            {"currency":"USD","kind":"USER"}""";

    static final String OPENED_USER = """
            {"accountId":"alice","currency":"USD","kind":"USER","creditLimit":"0","status":"OPEN","version":0,\
            "metadata":{}}""";

    static final String OPEN_SYSTEM = """
            {"currency":"USD","kind":"SYSTEM"}""";

    static final String OPENED_SYSTEM = """
            {"accountId":"funding","currency":"USD","kind":"SYSTEM","creditLimit":"0","status":"OPEN","version":0,\
            "metadata":{}}""";

    static final String FROZEN = """
            {"accountId":"game-co","currency":"USD","kind":"MERCHANT","creditLimit":"0","status":"FROZEN","version":3,\
            "metadata":{}}""";

    static final String LIMITS = """
            {"perTransfer":"5","daily":"10","perMinuteCount":30,"timezone":"Asia/Seoul"}""";

    static final String LIMITS_SET = """
            {"accountId":"alice","perTransfer":"5","daily":"10","monthly":null,"perMinuteCount":30,\
            "timezone":"Asia/Seoul","version":8}""";

    static final String BUDGET = """
            {"monthly":"30","alertThresholds":[0.5,0.8,1.0]}""";

    static final String BUDGET_SET = """
            {"accountId":"alice","monthly":"30","alertThresholds":[0.5,0.8,1],"version":10}""";

    private AccountExamples() {
    }
}
