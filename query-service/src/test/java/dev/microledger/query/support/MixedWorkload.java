package dev.microledger.query.support;

import dev.microledger.events.LedgerEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * A workload that touches every projection table: accounts of every kind, payments, fee
 * transfers, holds posted in part, voided and left pending, refunds, declines, a freeze and an
 * unfreeze, limits and budgets that the payments run into (alerts). Each call makes new accounts, named after {@code name}, so calls never collide.
 */
public final class MixedWorkload {

    private final TestLedger ledger;
    private final String tag;
    private final String currency;

    public MixedWorkload(TestLedger ledger, String tag, String currency) {
        this.ledger = ledger;
        this.tag = tag;
        this.currency = currency;
    }

    /** The events of {@code rounds} rounds over {@code payers} payers; each round pays, holds, refunds or declines. */
    public List<LedgerEvent> events(String name, int payers, int rounds) {
        String funding = id(name, "funding");
        String fees = id(name, "fees");
        String merchant = id(name, "merchant");
        List<LedgerEvent> events = new ArrayList<>();
        events.add(ledger.open(funding, "SYSTEM", currency, 6, "0"));
        events.add(ledger.open(fees, "SYSTEM", currency, 6, "0"));
        events.add(ledger.open(merchant, "MERCHANT", currency, 6, "0"));
        List<String> payerIds = new ArrayList<>();
        for (int i = 0; i < payers; i++) {
            String payer = id(name, "payer-" + i);
            payerIds.add(payer);
            events.add(ledger.open(payer, "USER", currency, 6, i % 3 == 0 ? "5" : "0"));
            events.addAll(ledger.transfer(id(name, "top-up-" + i), funding, payer, "100", "top-up"));
            if (i % 2 == 0) {
                events.add(ledger.limits(payer, "50", "8", "60", 30, i % 4 == 0 ? "Asia/Seoul" : "UTC"));
            }
            if (i % 3 == 0) {
                events.add(ledger.budget(payer, "10", "0.5", "0.8", "1"));
            }
        }
        for (int round = 0; round < rounds; round++) {
            String payer = payerIds.get(round % payers);
            String transfer = id(name, "t-" + round);
            switch (round % 8) {
                case 0, 1, 2 -> events.addAll(ledger.transfer(transfer, payer, merchant, "0.0125", round % 2 == 0 ? "news" : null));
                case 3 -> {
                    events.add(ledger.hold(transfer, payer, merchant, "4.99"));
                    events.addAll(ledger.postHold(transfer, payer, merchant, "4.99", "3.99"));
                }
                case 4 -> {
                    events.add(ledger.hold(transfer, payer, merchant, "1.5"));
                    events.add(ledger.release(transfer, payer, "1.5", round % 16 == 4 ? "VOIDED" : "EXPIRED"));
                }
                case 5 -> {
                    events.addAll(ledger.transfer(transfer, payer, merchant, "2", "games"));
                    events.addAll(ledger.refund(id(name, "refund-" + round), transfer, merchant, payer, "0.5"));
                }
                case 6 -> events.add(ledger.declined(payer, transfer, merchant, "500", "limit_exceeded", "daily", "account"));
                default -> {
                    events.addAll(ledger.transfer(transfer, merchant, fees, "0.001", "fees"));
                    events.add(ledger.hold(id(name, "pending-" + round), payer, merchant, "0.25"));
                }
            }
        }
        String frozen = payerIds.get(0);
        events.add(ledger.statusChanged(frozen, "FROZEN"));
        events.add(ledger.declined(frozen, id(name, "while-frozen"), merchant, "1", "account_frozen", null, null));
        events.add(ledger.statusChanged(frozen, "OPEN"));
        return events;
    }

    public String id(String name, String part) {
        return tag + "-" + name + "-" + part;
    }
}
