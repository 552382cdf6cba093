package dev.microledger.ledger.transfer;

/**
 * Requests and answers of the transfer, hold, refund, fee, bill and settlement endpoints as the
 * OpenAPI document shows them, taken from the README's sessions, so that Swagger UI's "Try it
 * out" starts from a request that works.
 */
final class TransferExamples {

    static final String PAYMENT = """
            {"transferId":"article-4711","debitAccountId":"alice","creditAccountId":"news-co","amount":"0.0025",\
            "currency":"USD","category":"news","description":"Article 4711"}""";

    static final String PAYMENT_POSTED = """
            {"transferId":"article-4711","status":"POSTED","debitAccountId":"alice","creditAccountId":"news-co",\
            "amount":"0.0025","currency":"USD","category":"news","description":"Article 4711",\
            "createdAt":"2026-12-07T17:14:58.145Z","versions":{"alice":2,"news-co":1}}""";

    static final String TOP_UP = """
            {"transferId":"top-up-1","debitAccountId":"funding","creditAccountId":"alice","amount":"5",\
            "currency":"USD","category":"top-up"}""";

    static final String TOP_UP_POSTED = """
            {"transferId":"top-up-1","status":"POSTED","debitAccountId":"funding","creditAccountId":"alice",\
            "amount":"5","currency":"USD","category":"top-up","description":null,\
            "createdAt":"2026-12-07T17:14:58.027Z","versions":{"funding":1,"alice":1}}""";

    static final String HOLD = """
            {"transferId":"sword-1","debitAccountId":"alice","creditAccountId":"game-co","amount":"4.99",\
            "currency":"USD","category":"games","pending":{"timeoutSeconds":300}}""";

    static final String HOLD_PLACED = """
            {"transferId":"sword-1","status":"PENDING","debitAccountId":"alice","creditAccountId":"game-co",\
            "amount":"4.99","currency":"USD","category":"games","description":null,\
            "createdAt":"2026-11-21T22:48:49.965Z","versions":{"alice":4,"game-co":0},\
            "expiresAt":"2026-11-21T22:53:49.965Z"}""";

    static final String PAYMENT_WITH_FEE = """
            {"transferId":"article-1","status":"POSTED","debitAccountId":"kim","creditAccountId":"news-co",\
            "amount":"0.25","currency":"USD","category":"news","description":null,\
            "createdAt":"2026-12-08T01:36:37.050Z","versions":{"kim":1,"news-co":3},"fee":"0.0135",\
            "feeAccountId":"platform-fees"}""";

    static final String BATCH = """
            {"atomic":true,"transfers":[{"transferId":"tip-1","debitAccountId":"alice","creditAccountId":"creator",\
            "amount":"0.95","currency":"USD","category":"tips"},{"transferId":"tip-1-fee","debitAccountId":"alice",\
            "creditAccountId":"platform-fees","amount":"0.05","currency":"USD","category":"fees"}]}""";

    static final String BATCH_POSTED = """
            {"results":[{"transferId":"tip-1","status":"POSTED","createdAt":"2026-11-21T22:48:49.820Z",\
            "versions":{"alice":2,"creator":1}},{"transferId":"tip-1-fee","status":"POSTED",\
            "createdAt":"2026-11-21T22:48:49.820Z","versions":{"alice":3,"platform-fees":1}}]}""";

    static final String POST_HOLD = """
            {"amount":"3.99"}""";

    static final String HOLD_POSTED = """
            {"transferId":"sword-1","status":"POSTED","debitAccountId":"alice","creditAccountId":"game-co",\
            "amount":"4.99","currency":"USD","category":"games","description":null,\
            "createdAt":"2026-11-21T22:48:49.965Z","versions":{"alice":6,"game-co":1},"postedAmount":"3.99"}""";

    static final String REFUND = """
            {"refundId":"sword-1-refund","amount":"1"}""";

    static final String REFUNDED = """
            {"refundId":"sword-1-refund","transferId":"sword-1","amount":"1","currency":"USD","status":"POSTED",\
            "createdAt":"2026-11-21T22:48:50.629Z","versions":{"game-co":2,"alice":7}}""";

    static final String REFUNDED_WITH_FEE = """
            {"refundId":"article-3-refund","transferId":"article-3","amount":"0.2","currency":"USD",\
            "status":"POSTED","createdAt":"2026-12-08T01:36:37.319Z","versions":{"news-co":9,"kim":4},\
            "fee":"0.0105"}""";

    static final String FEES = """
            {"rate":"0.05","fixed":"0.001","revenueAccountId":"platform-fees"}""";

    static final String FEES_SET = """
            {"accountId":"news-co","rate":"0.05","fixed":"0.001","minimum":"0","maximum":null,\
            "revenueAccountId":"platform-fees","version":1}""";

    static final String BILL_ISSUED = """
            {"billId":"bill-08ea20a8c46c88b6d0c9de74","accountId":"kim","periodStart":"2026-12-01T00:00:00Z",\
            "periodEnd":"2026-12-08T01:36:37.367Z","amountDue":"0.55","amountPaid":"0","currency":"USD",\
            "dueAt":"2026-12-22T01:36:37.367Z","status":"OPEN","issuedAt":"2026-12-08T01:36:37.367Z",\
            "lines":[{"merchantAccountId":"news-co","category":"news","count":3,"total":"0.55"}]}""";

    static final String NO_BILL = """
            {"billId":null}""";

    static final String BILL_PAYMENT = """
            {"paymentId":"phone-bill-1","debitAccountId":"funding"}""";

    static final String BILL_PAID = """
            {"billId":"bill-08ea20a8c46c88b6d0c9de74","accountId":"kim","periodStart":"2026-12-01T00:00:00Z",\
            "periodEnd":"2026-12-08T01:36:37.367Z","amountDue":"0.55","amountPaid":"0.55","currency":"USD",\
            "dueAt":"2026-12-22T01:36:37.367Z","status":"PAID","issuedAt":"2026-12-08T01:36:37.367Z",\
            "lines":[{"merchantAccountId":"news-co","category":"news","count":3,"total":"0.55"}],\
            "paymentId":"phone-bill-1","versions":{"funding":1,"kim":7}}""";

    static final String SETTLEMENT = """
            {"merchantAccountId":"news-co","payoutAccountId":"payouts"}""";

    static final String SETTLED = """
            {"settlementId":"stl-65f6c44b1a7a40be46a91302","merchantAccountId":"news-co",\
            "cutoff":"2026-12-08T01:36:37.876Z","count":3,"gross":"0.75","fees":"0.03","refunds":"0.2",\
            "net":"0.52","currency":"USD","payoutAccountId":"payouts","createdAt":"2026-12-08T01:36:37.876Z",\
            "versions":{"news-co":11,"payouts":1}}""";

    static final String NOTHING_SETTLED = """
            {"settlementId":null}""";

    private TransferExamples() {
    }
}
