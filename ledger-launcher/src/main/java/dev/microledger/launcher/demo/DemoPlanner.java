package dev.microledger.launcher.demo;

import dev.microledger.launcher.demo.DemoPlan.Account;
import dev.microledger.launcher.demo.DemoPlan.Batch;
import dev.microledger.launcher.demo.DemoPlan.CloseBillingPeriod;
import dev.microledger.launcher.demo.DemoPlan.Expected;
import dev.microledger.launcher.demo.DemoPlan.ExpectedBill;
import dev.microledger.launcher.demo.DemoPlan.Freeze;
import dev.microledger.launcher.demo.DemoPlan.OpenAccount;
import dev.microledger.launcher.demo.DemoPlan.Operation;
import dev.microledger.launcher.demo.DemoPlan.PayBill;
import dev.microledger.launcher.demo.DemoPlan.PostHold;
import dev.microledger.launcher.demo.DemoPlan.Refund;
import dev.microledger.launcher.demo.DemoPlan.SetBudget;
import dev.microledger.launcher.demo.DemoPlan.SetFees;
import dev.microledger.launcher.demo.DemoPlan.SetLimits;
import dev.microledger.launcher.demo.DemoPlan.Settle;
import dev.microledger.launcher.demo.DemoPlan.Step;
import dev.microledger.launcher.demo.DemoPlan.Transfer;
import dev.microledger.launcher.demo.DemoPlan.VoidHold;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Makes a month of micropayments as people would make them: readers paying per article to news
 * sites, viewers tipping creators, players buying game items (some through holds that are posted,
 * in part or whole, or voided), and a carrier-billed postpaid user in KRW. The platform takes a fee
 * from every article and tip by the news sites' and creators' fee schedules; the postpaid user's
 * billing period is closed at each month's start and the bill paid by the carrier that morning;
 * every merchant is paid out weekly. A few accounts have limits or a budget; a teenager runs into
 * her limits, a reader runs his wallet dry, an account is frozen, a payment or two is refunded.
 *
 * <p>Everything comes from one seeded random source and the plan's end, so a seed gives the same
 * plan every time. The planner keeps its own model of the ledger (balances, holds, limits and
 * their calendar windows) and writes down the outcome it expects for every transfer; wallets are
 * topped up from the funding account when they run low, except the one meant to run dry.
 */
public final class DemoPlanner {

    public static final long DEFAULT_SEED = 20_261_122L;
    public static final int DAYS = 30;

    static final String FUNDING = "funding";
    static final String PLATFORM_FEES = "platform-fees";
    static final String CARRIER = "carrier-kr";
    static final String PAYOUTS = "payouts";
    static final String PAYOUTS_KR = "payouts-kr";
    static final int BATCH_SIZE_MAX = 1000;
    static final int HOLD_TIMEOUT_SECONDS = 900;
    static final int LEFT_PENDING_TIMEOUT_SECONDS = 3 * 86_400;
    /** The platform's cut of an article: 7 % plus 0.0002 USD, at most 0.02 USD. */
    static final BigDecimal ARTICLE_FEE_RATE = new BigDecimal("0.07");
    static final long ARTICLE_FEE_FIXED_MINOR = 200;
    static final long ARTICLE_FEE_MAXIMUM_MINOR = 20_000;
    /** The platform's cut of a tip: 5 %. */
    static final BigDecimal TIP_FEE_RATE = new BigDecimal("0.05");
    /** Merchants are paid out on Mondays at this hour (UTC) for the week that ended at midnight. */
    static final int PAYOUT_HOUR = 2;
    /** The carrier pays the postpaid user's bill this long after the billing period closes: at 09:00 on the 1st. */
    static final Duration BILL_PAID_AFTER = Duration.ofHours(9);
    /**
     * Sorts before every other intent of the same moment: a billing period is closed at the first
     * instant of the month, before any payment of that instant belongs to the new period.
     */
    private static final int FIRST = Integer.MIN_VALUE;
    static final List<String> ALERT_THRESHOLDS = List.of("0.5", "0.8", "1");
    /** The ledger's default ledger-wide monthly cap on USER accounts in KRW, in minor units. */
    static final long KRW_SYSTEM_MONTHLY_CAP_MINOR = 1_000_000_00L;

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final double[] READING_HOURS = {1, 0.5, 0.2, 0.1, 0.1, 0.3, 1.5, 4, 4.5, 2.5, 1.5, 2, 3.5, 2.5, 1.2,
        1.2, 1.5, 2, 2.5, 3, 3.5, 3.5, 2.5, 1.5};
    private static final double[] EVENING_HOURS = {1, 0.4, 0.1, 0, 0, 0, 0.1, 0.3, 0.4, 0.4, 0.5, 0.6, 1, 0.8, 0.7, 0.8,
        1, 1.5, 2.5, 3.5, 4.5, 4.5, 3.5, 2};
    private static final double[] GAMING_HOURS = {2, 1.2, 0.5, 0.2, 0.1, 0.1, 0.1, 0.2, 0.3, 0.3, 0.4, 0.5, 0.8, 0.8, 1,
        2, 3, 3.5, 3.5, 4, 4.5, 4.5, 4, 3};
    private static final String[] ITEMS = {"Health potion", "Skin: Aurora", "Gem pack", "Extra life", "Sword of Dawn",
        "Season pass day", "Pet: fox", "Map: Frozen Isles"};
    private static final String[] EXTRA_USERS = {"frank", "grace", "hugo", "ivy", "jack", "kate", "liam", "noah", "olga",
        "pete", "quinn", "rosa", "sam", "tina", "uma", "vic"};

    private final SplittableRandom random;
    private final long seed;
    private final Instant start;
    private final Instant end;
    private final LedgerModel ledger = new LedgerModel();
    private final List<Person> people = new ArrayList<>();
    /** The names people know the merchants by; the dashboard shows them rather than the ids. */
    static final Map<String, String> MERCHANT_NAMES = Map.ofEntries(
            Map.entry("daily-herald", "Daily Herald"),
            Map.entry("tech-weekly", "Tech Weekly"),
            Map.entry("city-gazette", "City Gazette"),
            Map.entry("science-now", "Science Now"),
            Map.entry("creator-lena", "Lena Draws"),
            Map.entry("creator-omar", "Omar Cooks"),
            Map.entry("creator-yuki", "Yuki Sings"),
            Map.entry("pixel-forge", "Pixel Forge"),
            Map.entry("dragon-quarry", "Dragon Quarry"),
            Map.entry("webtoon-kr", "Webtoon Seoul"),
            Map.entry("game-kr", "Game Seoul"));

    private final List<Site> sites = new ArrayList<>();
    private final List<String> creators = List.of("creator-lena", "creator-omar", "creator-yuki");
    private final List<String> studios = List.of("pixel-forge", "dragon-quarry");
    private final List<Account> accounts = new ArrayList<>();
    /** The postpaid user's bills issued so far, oldest first, for the carrier to pay. */
    private final List<ExpectedBill> bills = new ArrayList<>();
    /** Posted payments by payer and category, newest last, for refunds to choose from. */
    private final Map<String, List<Transfer>> refundable = new TreeMap<>();
    private int idCounter;
    /** Breaks ties between intents at the same moment: the order they were made in. */
    private int order;

    private DemoPlanner(long seed, Instant end) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.end = end.truncatedTo(ChronoUnit.SECONDS);
        this.start = this.end.minus(Duration.ofDays(DAYS)).truncatedTo(ChronoUnit.HOURS);
    }

    /**
     * Plans the 30 days before {@code end}.
     *
     * @param seed the random seed
     * @param end the last moment a step may have, normally a little before now
     * @return the plan, the same for the same seed and end
     */
    public static DemoPlan plan(long seed, Instant end) {
        return new DemoPlanner(seed, end).build();
    }

    private DemoPlan build() {
        castPeople();
        List<Intent> intents = new ArrayList<>();
        for (Person person : people) {
            intents.addAll(dayToDay(person));
        }
        intents.addAll(specialMoments());
        intents.removeIf(intent -> !intent.at().isAfter(start) || intent.at().isAfter(end));
        intents.sort(Comparator.comparing(Intent::at).thenComparingInt(Intent::order));

        List<Step> steps = new ArrayList<>();
        steps.add(setUp());
        int index = 0;
        while (index < intents.size()) {
            Instant hour = intents.get(index).at().truncatedTo(ChronoUnit.HOURS);
            StepBuilder step = new StepBuilder(intents.get(index).at());
            while (index < intents.size() && intents.get(index).at().truncatedTo(ChronoUnit.HOURS).equals(hour)) {
                carryOut(intents.get(index), step);
                index++;
            }
            if (!step.isEmpty()) {
                steps.add(step.build());
            }
        }
        return new DemoPlan(seed, start, end, accounts, steps, ledger.balances());
    }

    // ---- the cast ----------------------------------------------------------------------------

    private void castPeople() {
        sites.add(new Site("daily-herald", usdChoices("0.25", "0.25", "0.10")));
        sites.add(new Site("tech-weekly", usdChoices("0.15", "0.30")));
        sites.add(new Site("city-gazette", usdChoices("0.10", "0.05", "0.0025")));
        sites.add(new Site("science-now", usdChoices("0.50", "0.20")));

        people.add(new Person("alice", "USD", ZoneId.of("Europe/Berlin"), 2.2, 0.35, 0, 0, Funding.TOPS_UP, usd("20")));
        people.add(new Person("bob", "USD", UTC, 3.2, 0, 0, 0, Funding.TOPS_UP, usd("25")));
        people.add(new Person("carol", "USD", UTC, 0.4, 0, 0.6, 0.35, Funding.TOPS_UP, usd("25")));
        people.add(new Person("dan", "USD", UTC, 2.4, 0, 0, 0, Funding.RUNS_DRY, usd("4")));
        people.add(new Person("erin", "USD", UTC, 0.5, 1.1, 0, 0, Funding.TOPS_UP, usd("20")));
        people.add(new Person("mia", "USD", UTC, 0, 0, 1.4, 0, Funding.TOPS_UP, usd("10")));
        people.add(new Person("zed", "USD", UTC, 1.5, 0, 0, 0, Funding.TOPS_UP, usd("10")));
        people.add(new Person("kim", "KRW", ZoneId.of("Asia/Seoul"), 3.0, 0, 0.4, 0, Funding.POSTPAID, 0));
        long[] firstTopUps = usdChoices("10", "20", "25");
        for (String name : EXTRA_USERS) {
            double articles = 0.3 + random.nextDouble() * 2.7;
            double tips = random.nextBoolean() ? random.nextDouble() * 0.35 : 0;
            double items = random.nextDouble() < 0.5 ? random.nextDouble() * 0.5 : 0;
            double holds = items > 0 && random.nextBoolean() ? random.nextDouble() * 0.15 : 0;
            people.add(new Person(name, "USD", UTC, articles, tips, items, holds, Funding.TOPS_UP,
                    firstTopUps[random.nextInt(firstTopUps.length)]));
        }

        open(FUNDING, "USD", "SYSTEM", 0);
        open(PLATFORM_FEES, "USD", "SYSTEM", 0);
        open(CARRIER, "KRW", "SYSTEM", 0);
        open(PAYOUTS, "USD", "SYSTEM", 0);
        open(PAYOUTS_KR, "KRW", "SYSTEM", 0);
        for (Site site : sites) {
            open(site.accountId(), "USD", "MERCHANT", 0);
        }
        for (String creator : creators) {
            open(creator, "USD", "MERCHANT", 0);
        }
        for (String studio : studios) {
            open(studio, "USD", "MERCHANT", 0);
        }
        open("webtoon-kr", "KRW", "MERCHANT", 0);
        open("game-kr", "KRW", "MERCHANT", 0);
        for (Person person : people) {
            open(person.id(), person.currency(), "USER", person.funding() == Funding.POSTPAID ? krw("100000") : 0);
        }
    }

    private void open(String accountId, String currency, String kind, long creditLimitMinor) {
        Account account = new Account(accountId, currency, kind, creditLimitMinor, MERCHANT_NAMES.get(accountId));
        accounts.add(account);
        ledger.open(account);
    }

    /** The first step: every account opened, fee schedules, limits and budgets set, wallets filled. */
    private Step setUp() {
        StepBuilder step = new StepBuilder(start);
        for (Account account : accounts) {
            step.operation(new OpenAccount(account));
        }
        for (Site site : sites) {
            fees(step, new SetFees(site.accountId(), "USD", ARTICLE_FEE_RATE, ARTICLE_FEE_FIXED_MINOR, 0,
                    ARTICLE_FEE_MAXIMUM_MINOR, PLATFORM_FEES));
        }
        for (String creator : creators) {
            fees(step, new SetFees(creator, "USD", TIP_FEE_RATE, 0, 0, null, PLATFORM_FEES));
        }
        limits(step, "alice", usd("5"), usd("10"), null, "Europe/Berlin");
        limits(step, "mia", usd("2"), usd("5"), usd("40"), "UTC");
        limits(step, "kim", null, null, krw("80000"), "Asia/Seoul");
        step.operation(new SetBudget("alice", "USD", usd("30"), ALERT_THRESHOLDS));
        step.operation(new SetBudget("erin", "USD", usd("15"), ALERT_THRESHOLDS));
        for (Person person : people) {
            if (person.firstTopUpMinor() > 0) {
                topUp(step, person, person.firstTopUpMinor());
            }
        }
        return step.build();
    }

    private void fees(StepBuilder step, SetFees fees) {
        step.operation(fees);
        ledger.setFees(fees);
    }

    private void limits(StepBuilder step, String accountId, Long perTransfer, Long daily, Long monthly, String timezone) {
        step.operation(new SetLimits(accountId, ledger.account(accountId).currency, perTransfer, daily, monthly, timezone));
        ledger.account(accountId).limits = new Limits(perTransfer, daily, monthly, ZoneId.of(timezone));
    }

    // ---- what people do ----------------------------------------------------------------------

    private List<Intent> dayToDay(Person person) {
        List<Intent> intents = new ArrayList<>();
        LocalDate firstDay = start.atZone(person.zone()).toLocalDate();
        for (int day = 0; day <= DAYS; day++) {
            LocalDate date = firstDay.plusDays(day);
            boolean weekend = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
            double play = weekend ? 1.5 : 1;
            for (int i = poisson(person.articlesPerDay()); i > 0; i--) {
                Instant at = moment(person, date, READING_HOURS);
                if (person.currency().equals("KRW")) {
                    intents.add(new Pay(at, next(), person, "webtoon-kr", krw("300"), "webtoon",
                            "Episode " + (100 + random.nextInt(300))));
                } else {
                    Site site = sites.get(random.nextInt(sites.size()));
                    long price = site.pricesMinor()[random.nextInt(site.pricesMinor().length)];
                    intents.add(new Pay(at, next(), person, site.accountId(), price, "news", "Article " + (4000 + random.nextInt(6000))));
                }
            }
            for (int i = poisson(person.tipsPerDay()); i > 0; i--) {
                long[] amounts = person.id().equals("erin") ? usdChoices("1", "2", "3", "5") : usdChoices("0.5", "1", "1", "2", "3", "5");
                intents.add(new Tip(moment(person, date, EVENING_HOURS), next(), person,
                        creators.get(random.nextInt(creators.size())), amounts[random.nextInt(amounts.length)]));
            }
            for (int i = poisson(person.itemsPerDay() * play); i > 0; i--) {
                Instant at = moment(person, date, GAMING_HOURS);
                String item = ITEMS[random.nextInt(ITEMS.length)];
                if (person.currency().equals("KRW")) {
                    long[] prices = krwChoices("1100", "3300", "5500");
                    intents.add(new Pay(at, next(), person, "game-kr", prices[random.nextInt(prices.length)], "games", item));
                } else {
                    long[] prices = usdChoices("0.99", "1.99", "2.99", "4.99");
                    intents.add(new Pay(at, next(), person, studios.get(random.nextInt(studios.size())),
                            prices[random.nextInt(prices.length)], "games", item));
                }
            }
            for (int i = poisson(person.holdsPerDay() * play); i > 0; i--) {
                intents.add(heldPurchase(moment(person, date, GAMING_HOURS), person));
            }
        }
        return intents;
    }

    private Hold heldPurchase(Instant at, Person person) {
        long[] bundles = usdChoices("4.99", "9.99");
        long held = bundles[random.nextInt(bundles.length)];
        double fate = random.nextDouble();
        // A store reserves the bundle's price and captures what the player ends up taking.
        Long posted = fate < 0.25 ? null : fate < 0.55 ? held - usd("1") : Long.valueOf(held);
        return new Hold(at, next(), person, studios.get(random.nextInt(studios.size())), held, posted, false,
                "Bundle: " + ITEMS[random.nextInt(ITEMS.length)]);
    }

    /**
     * The moments that make the story: the phone bills, the weekly payouts, refunds, a frozen
     * account, a hold still pending.
     */
    private List<Intent> specialMoments() {
        List<Intent> intents = new ArrayList<>();
        Person kim = person("kim");
        for (Instant close : billingCloses(kim.zone())) {
            intents.add(new CloseBill(close, FIRST, kim));
            intents.add(new PayBills(close.plus(BILL_PAID_AFTER), next(), kim));
        }
        LocalDate firstDay = start.atZone(UTC).toLocalDate();
        for (int day = 0; day <= DAYS + 1; day++) {
            LocalDate date = firstDay.plusDays(day);
            if (date.getDayOfWeek() == DayOfWeek.MONDAY) {
                intents.add(new Payouts(date.atTime(PAYOUT_HOUR, 0).toInstant(ZoneOffset.UTC), next(),
                        date.atStartOfDay(UTC).toInstant()));
            }
        }
        intents.add(new RefundLast(start.plus(Duration.ofDays(6)).plus(Duration.ofHours(10)), next(), person("bob"), "news",
                null));
        intents.add(new RefundLast(start.plus(Duration.ofDays(14)).plus(Duration.ofHours(20)), next(), person("carol"), "games",
                usd("2")));
        Instant frozenAt = end.minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        intents.add(new FreezeAccount(frozenAt, next(), person("zed")));
        // Support froze zed's account over a suspected takeover; the next article he opens is declined.
        intents.add(new Pay(frozenAt.plus(Duration.ofMinutes(75)), next(), person("zed"), "daily-herald", usd("0.25"), "news",
                "Article 9001"));
        intents.add(new Hold(end.minus(Duration.ofHours(5)).truncatedTo(ChronoUnit.MINUTES), next(), person("carol"),
                "pixel-forge", usd("9.99"), null, true, "Bundle: Season pass"));
        return intents;
    }

    /**
     * When the postpaid user's billing periods are closed: at the start of every month (in her
     * time zone) within the history. The current month's period stays open, as it would until its
     * end. Thirty days within a month of 31 hold no month's start; then the period is closed early
     * in the middle of the history, so that every demo has a bill issued and paid.
     */
    private List<Instant> billingCloses(ZoneId zone) {
        List<Instant> closes = new ArrayList<>();
        LocalDate month = start.atZone(zone).toLocalDate().withDayOfMonth(1).plusMonths(1);
        while (!month.atStartOfDay(zone).toInstant().isAfter(end)) {
            closes.add(month.atStartOfDay(zone).toInstant());
            month = month.plusMonths(1);
        }
        if (closes.isEmpty()) {
            closes.add(start.plus(Duration.ofDays(DAYS / 2)).atZone(zone).toLocalDate().atStartOfDay(zone).toInstant());
        }
        return closes;
    }

    // ---- turning intents into commands, with the model's expected outcomes --------------------

    private void carryOut(Intent intent, StepBuilder step) {
        Instant at = step.at();
        if (intent instanceof Pay pay) {
            payment(step, pay.person(), pay.payee(), pay.amountMinor(), pay.category(), pay.description(), at);
        } else if (intent instanceof Tip tip) {
            tip(step, tip, at);
        } else if (intent instanceof Hold hold) {
            hold(step, hold, at);
        } else if (intent instanceof CloseBill close) {
            closeBill(step, close.person());
        } else if (intent instanceof PayBills pay) {
            payBills(step, pay.person());
        } else if (intent instanceof Payouts payouts) {
            payOut(step, payouts.cutoff());
        } else if (intent instanceof RefundLast refund) {
            refund(step, refund);
        } else if (intent instanceof FreezeAccount freeze) {
            step.operation(new Freeze(freeze.person().id()));
            ledger.account(freeze.person().id()).frozen = true;
        }
    }

    private void payment(StepBuilder step, Person person, String payee, long amountMinor, String category,
                         String description, Instant at) {
        fund(step, person, amountMinor);
        Expected expected = ledger.pay(person.id(), payee, amountMinor, category, at);
        Transfer transfer = new Transfer(id(category, person.id()), person.id(), payee, amountMinor, person.currency(),
                category, description, null, expected);
        step.transfer(transfer);
        if (expected.isDecline()) {
            person.declines++;
        } else {
            refundable.computeIfAbsent(person.id() + "/" + category, key -> new ArrayList<>()).add(transfer);
        }
    }

    /** A tip is a payment to the creator; the creator's fee schedule gives the platform its cut. */
    private void tip(StepBuilder step, Tip tip, Instant at) {
        payment(step, tip.person(), tip.creator(), tip.amountMinor(), "tips", "Tip for " + tip.creator(), at);
    }

    private void hold(StepBuilder step, Hold hold, Instant at) {
        Person person = hold.person();
        fund(step, person, hold.heldMinor());
        Expected expected = ledger.hold(person.id(), hold.studio(), hold.heldMinor(), at);
        String transferId = id("hold", person.id());
        int timeout = hold.leftPending() ? LEFT_PENDING_TIMEOUT_SECONDS : HOLD_TIMEOUT_SECONDS;
        step.transfer(new Transfer(transferId, person.id(), hold.studio(), hold.heldMinor(), "USD", "games",
                hold.description(), timeout, expected));
        if (expected.isDecline() || hold.leftPending()) {
            return;
        }
        if (hold.postedMinor() == null) {
            step.operation(new VoidHold(transferId));
            ledger.endHold(person.id(), hold.studio(), hold.heldMinor(), 0, "games", at, at);
            return;
        }
        long fee = ledger.endHold(person.id(), hold.studio(), hold.heldMinor(), hold.postedMinor(), "games", at, at);
        step.operation(new PostHold(transferId, hold.postedMinor() == hold.heldMinor() ? null : hold.postedMinor(), "USD",
                fee));
        refundable.computeIfAbsent(person.id() + "/games", key -> new ArrayList<>()).add(new Transfer(transferId,
                person.id(), hold.studio(), hold.postedMinor(), "USD", "games", hold.description(), timeout,
                Expected.posted(fee)));
    }

    /** Closes the postpaid user's billing period now; the ledger issues its bill. */
    private void closeBill(StepBuilder step, Person person) {
        List<ExpectedBill> issued = ledger.closeBillingPeriods(person.id(), step.at());
        if (issued.size() > 1) {
            // The ledger's answer names only the last bill it issues, so the plan closes one period at a time.
            throw new IllegalStateException("closing " + person.id() + "'s billing at " + step.at() + " would issue "
                    + issued.size() + " bills at once");
        }
        ExpectedBill bill = issued.isEmpty() ? null : issued.get(0);
        step.operation(new CloseBillingPeriod(person.id(), bill));
        if (bill != null) {
            bills.add(bill);
        }
    }

    /** The carrier, which collected the bill with the phone bill, pays what is outstanding into the ledger. */
    private void payBills(StepBuilder step, Person person) {
        for (ExpectedBill bill : bills) {
            long outstanding = ledger.outstanding(person.id(), bill.periodStart());
            if (outstanding == 0) {
                continue;
            }
            ledger.payBill(person.id(), bill.periodStart(), CARRIER, outstanding);
            step.operation(new PayBill(person.id(), bill.periodStart(), id("phone-bill", person.id()), CARRIER, outstanding,
                    bill.currency()));
        }
    }

    /** Pays every merchant out up to {@code cutoff}, into the payout account of its currency. */
    private void payOut(StepBuilder step, Instant cutoff) {
        for (Account account : accounts) {
            if (!account.kind().equals("MERCHANT")) {
                continue;
            }
            String payout = account.currency().equals("KRW") ? PAYOUTS_KR : PAYOUTS;
            step.operation(new Settle(account.accountId(), payout, cutoff, account.currency(),
                    ledger.settle(account.accountId(), payout, cutoff)));
        }
    }

    /** Refunds the newest payment of the person in the category that its merchant can still pay back. */
    private void refund(StepBuilder step, RefundLast refund) {
        List<Transfer> candidates = refundable.getOrDefault(refund.person().id() + "/" + refund.category(), List.of());
        for (int index = candidates.size() - 1; index >= 0; index--) {
            Transfer original = candidates.get(index);
            long amount = refund.amountMinor() == null ? original.amountMinor()
                    : Math.min(refund.amountMinor(), original.amountMinor());
            // Each payment is refunded once at most, so nothing of it was refunded before.
            OptionalLong feeReturned = ledger.refund(original.creditAccountId(), original.debitAccountId(), amount,
                    original.amountMinor(), original.expected().feeMinor(), 0, original.category(), step.at());
            if (feeReturned.isPresent()) {
                candidates.remove(index);
                step.operation(new Refund(id("refund", refund.person().id()), original.transferId(), amount,
                        original.currency(), feeReturned.getAsLong()));
                return;
            }
        }
    }

    /** Tops a wallet up before a payment it could not make: the way people with a wallet behave. */
    private void fund(StepBuilder step, Person person, long amountMinor) {
        LedgerModel.ModelAccount account = ledger.account(person.id());
        if (account.frozen) {
            return;
        }
        if (person.funding() == Funding.RUNS_DRY) {
            // He tops up only after his third declined payment.
            if (person.declines >= 3) {
                topUp(step, person, person.firstTopUpMinor());
                person.declines = 0;
            }
            return;
        }
        if (person.funding() == Funding.TOPS_UP && account.available() < amountMinor) {
            long[] choices = usdChoices("10", "20", "25");
            long amount = choices[random.nextInt(choices.length)];
            topUp(step, person, Math.max(amount, amountMinor));
        }
    }

    private void topUp(StepBuilder step, Person person, long amountMinor) {
        step.transfer(new Transfer(id("top-up", person.id()), FUNDING, person.id(), amountMinor, "USD", "top-up",
                "Wallet top-up", null, ledger.pay(FUNDING, person.id(), amountMinor, "top-up", step.at())));
    }

    // ---- small helpers -------------------------------------------------------------------------

    private Person person(String id) {
        return people.stream().filter(person -> person.id().equals(id)).findFirst().orElseThrow();
    }

    private String id(String kind, String accountId) {
        idCounter++;
        return String.format("%s-%s-%05d", kind, accountId, idCounter);
    }

    private int next() {
        return order++;
    }

    private Instant moment(Person person, LocalDate date, double[] hourWeights) {
        int hour = pick(hourWeights);
        ZonedDateTime local = date.atTime(hour, random.nextInt(60), random.nextInt(60)).atZone(person.zone());
        return local.toInstant();
    }

    private int pick(double[] weights) {
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double point = random.nextDouble() * total;
        for (int index = 0; index < weights.length; index++) {
            point -= weights[index];
            if (point < 0) {
                return index;
            }
        }
        return weights.length - 1;
    }

    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }

    static long usd(String amount) {
        return minor(6, amount)[0];
    }

    static long[] usdChoices(String... amounts) {
        return minor(6, amounts);
    }

    static long krw(String amount) {
        return minor(2, amount)[0];
    }

    static long[] krwChoices(String... amounts) {
        return minor(2, amounts);
    }

    private static long[] minor(int scale, String... amounts) {
        long[] minor = new long[amounts.length];
        for (int index = 0; index < amounts.length; index++) {
            minor[index] = new BigDecimal(amounts[index]).movePointRight(scale).longValueExact();
        }
        return minor;
    }

    // ---- the plan's vocabulary -------------------------------------------------------------------

    enum Funding { TOPS_UP, RUNS_DRY, POSTPAID }

    record Site(String accountId, long[] pricesMinor) {
    }

    static final class Person {
        private final String id;
        private final String currency;
        private final ZoneId zone;
        private final double articlesPerDay;
        private final double tipsPerDay;
        private final double itemsPerDay;
        private final double holdsPerDay;
        private final Funding funding;
        private final long firstTopUpMinor;
        int declines;

        Person(String id, String currency, ZoneId zone, double articlesPerDay, double tipsPerDay, double itemsPerDay,
               double holdsPerDay, Funding funding, long firstTopUpMinor) {
            this.id = id;
            this.currency = currency;
            this.zone = zone;
            this.articlesPerDay = articlesPerDay;
            this.tipsPerDay = tipsPerDay;
            this.itemsPerDay = itemsPerDay;
            this.holdsPerDay = holdsPerDay;
            this.funding = funding;
            this.firstTopUpMinor = firstTopUpMinor;
        }

        String id() { return id; }
        String currency() { return currency; }
        ZoneId zone() { return zone; }
        double articlesPerDay() { return articlesPerDay; }
        double tipsPerDay() { return tipsPerDay; }
        double itemsPerDay() { return itemsPerDay; }
        double holdsPerDay() { return holdsPerDay; }
        Funding funding() { return funding; }
        long firstTopUpMinor() { return firstTopUpMinor; }
    }

    sealed interface Intent permits Pay, Tip, Hold, CloseBill, PayBills, Payouts, RefundLast, FreezeAccount {
        Instant at();

        int order();
    }

    record Pay(Instant at, int order, Person person, String payee, long amountMinor, String category, String description)
            implements Intent {
    }

    record Tip(Instant at, int order, Person person, String creator, long amountMinor) implements Intent {
    }

    /** A hold for a bundle: posted in whole or in part ({@code postedMinor}), voided (null), or left pending. */
    record Hold(Instant at, int order, Person person, String studio, long heldMinor, Long postedMinor, boolean leftPending,
                String description) implements Intent {
    }

    /** Closes the postpaid person's billing period. */
    record CloseBill(Instant at, int order, Person person) implements Intent {
    }

    /** The carrier pays the postpaid person's outstanding bills. */
    record PayBills(Instant at, int order, Person person) implements Intent {
    }

    /** Every merchant is paid out up to {@code cutoff}. */
    record Payouts(Instant at, int order, Instant cutoff) implements Intent {
    }

    /** Refunds the person's newest posted payment in the category, all of it or {@code amountMinor}. */
    record RefundLast(Instant at, int order, Person person, String category, Long amountMinor) implements Intent {
    }

    record FreezeAccount(Instant at, int order, Person person) implements Intent {
    }

    record Limits(Long perTransferMinor, Long dailyMinor, Long monthlyMinor, ZoneId zone) {
        static final Limits NONE = new Limits(null, null, null, ZoneOffset.UTC);
    }

    /** Gathers one step's operations; consecutive plain transfers share one non-atomic batch. */
    private static final class StepBuilder {
        private final Instant at;
        private final List<Operation> operations = new ArrayList<>();
        private List<Transfer> open = new ArrayList<>();

        StepBuilder(Instant at) {
            this.at = at;
        }

        Instant at() {
            return at;
        }

        void transfer(Transfer transfer) {
            open.add(transfer);
            if (open.size() == BATCH_SIZE_MAX) {
                flush();
            }
        }

        void operation(Operation operation) {
            flush();
            operations.add(operation);
        }

        boolean isEmpty() {
            return operations.isEmpty() && open.isEmpty();
        }

        Step build() {
            flush();
            return new Step(at, operations);
        }

        private void flush() {
            if (!open.isEmpty()) {
                operations.add(new Batch(false, open));
                open = new ArrayList<>();
            }
        }
    }
}
